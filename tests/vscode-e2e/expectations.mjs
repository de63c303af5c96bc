// What the end-to-end test expects of the repo's examples/: diagnostics per file, one quick fix, and runs.
// Paths are relative to examples/. Codes are the server's stable rule codes; examples/broken/ holds one broken
// node per platform for this test (and the README's screenshots), examples/mistakes/ the manifest and pragma errors.

export const EXPECTATIONS = {
    diagnostics: [
        // pflow: a step type typo (PF108, with a "Change the type" fix), a template with no source (PF101), an input
        // without its annotation in the code (PF202) and a misspelt name (PF208).
        { file: 'broken/pflow/report.pflow.md', codes: ['PF108', 'PF101', 'PF202', 'PF208'] },
        // The manifest and pragma mistakes: unknown dialects (MF003, MF005), a missing file (MF004), a typo'd field (MF006).
        { file: 'mistakes/codenode.json', codes: ['MF003', 'MF004', 'MF006'] },
        { file: 'mistakes/pragma.py', codes: ['MF005'] },
    ],
    quickFix: { file: 'broken/pflow/report.pflow.md', code: 'PF108', title: "Change the type to 'http'", expectText: '- type: http' },
    runs: [],
};
