// What the end-to-end test expects of the repo's examples/: diagnostics per file, one quick fix, and runs.
// Paths are relative to examples/ (each folder's README says what its files show). Codes are the server's stable
// rule codes.

export const EXPECTATIONS = {
    diagnostics: [
        // pflow: a template with no source (PF101) and an output the http node does not have (PF104).
        { file: 'pflow/unknown-template.pflow.md', codes: ['PF101', 'PF104'] },
        // pflow: a name the code step never receives (PF208) and an input without its annotation (PF202).
        { file: 'pflow/undefined-name.pflow.md', codes: ['PF208'] },
        { file: 'pflow/missing-annotation.pflow.md', codes: ['PF202'] },
        // Voxworks: a misspelt variable (VX020), an unmapped input (VX011), a quoted placeholder (VX023) and a
        // counter written through another placeholder (VX024).
        { file: 'voxworks/broken/variables.py', codes: ['VX020', 'VX011', 'VX023', 'VX024'] },
        // Stack AI: an id that is not upstream (SA030), a path off the end of main (SA010), a bare return (SA013), a set
        // in the returned dict (SA011); in TypeScript, main not exported from a module (SA007) and an undeclared import (SA040).
        { file: 'stackai/broken_contract.py', codes: ['SA030', 'SA010', 'SA013', 'SA011'] },
        { file: 'stackai/tally_tags.ts', codes: ['SA007', 'SA040'] },
        // The manifest and pragma mistakes: unknown dialects (MF003, MF005), a missing file (MF004), a typo'd field (MF006).
        { file: 'mistakes/codenode.json', codes: ['MF003', 'MF004', 'MF006'] },
        { file: 'mistakes/pragma.py', codes: ['MF005'] },
    ],
    // The fix inserts the annotation with the type the upstream template gives (an http response is an object).
    quickFix: { file: 'pflow/missing-annotation.pflow.md', code: 'PF202', title: "Add 'users: object' to the code", expectText: 'users: object' },
    runs: [
        // Stack AI: main(args) called with the manifest's upstream values; Python, then TypeScript.
        { file: 'stackai/summarize.py', status: 'Succeeded', resultContains: ['"words": 8', '"sentiment": "negative"'] },
        { file: 'stackai/format_reply.ts', status: 'Succeeded', resultContains: ['"reply": "Sentiment was negative"'] },
        // Voxworks: run() returns one boolean, true for the sample contact, so the step routes to the first condition.
        { file: 'voxworks/steps/has_email.py', status: 'Succeeded', resultContains: ['true'], condition: 'caller has an email' },
        // Stack AI, a failed run: int("three") raises on line 6; the view shows Python's error, its link goes to line 6,
        // and the server marks that line with the run's diagnostic (RT001) until the next edit.
        { file: 'stackai/parse_count.py', status: 'Failed', errorContains: ["ValueError: invalid literal for int() with base 10: 'three'"], errorLine: 6, runtimeCode: 'RT001' },
        // pflow, with the cursor inside the "summarize" step: the step runs on the samples in .codenode/samples.json
        // (the upstream fetch step's response) and its result is the count of active users.
        { file: 'pflow/count-active-users.pflow.md', cursorLine: 37, status: 'Succeeded', resultContains: ['"count": 2', '"name": "Cy"'] },
        // pflow, a failed step: the error is pflow's, and its line is a line of the .pflow.md file (line 2 of the code block).
        { file: 'pflow/undefined-name.pflow.md', cursorLine: 31, status: 'Failed', errorContains: ["Undefined variable 'offset'", 'Location: line 32 (line 2 in code block)'], errorLine: 32, runtimeCode: 'RT001' },
    ],
    // Inputs typed for one run win over the manifest's upstream samples: four words instead of eight.
    inputsRun: { file: 'stackai/summarize.py', inputs: { 'in-0': 'one two three four' }, resultContains: ['"words": 4'] },
    // The inputs editor: pre-filled with the manifest's "three", changed to "7" and run from its CodeLens; the view
    // then compares that run with the failed one before it.
    historyRun: {
        file: 'stackai/parse_count.py', prefilled: '"in-0": "three"', replace: ['three', '7'],
        comparisonContains: ['"in-0": "three"', '"in-0": "7"', '"count": 7'],
    },
};
