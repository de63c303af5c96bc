// What the end-to-end test expects of the repo's examples/: diagnostics per file, one quick fix, and runs.
// Paths are relative to examples/. Codes are the server's stable rule codes (see `codenode rules`).

export const EXPECTATIONS = {
    diagnostics: [
        { file: 'pragma/unknown-dialect.py', codes: ['MF005'] },
    ],
    quickFix: { file: 'pragma/unknown-dialect.py', code: 'MF005', title: 'pflow', expectText: '# codenode: pflow' },
    runs: [],
};
