-- Drives the codenode language server from headless Neovim (an independent LSP client) and prints what it got as one JSON line.
--
-- Why Neovim: it is a real editor's LSP client written by other people, so the server is checked against
-- someone else's reading of the protocol, not only against our own test client. Works with Debian bookworm's
-- Neovim 0.7.2 (vim.lsp.start_client) and newer.
--
-- Input: the environment variable PROBE_SPEC names a JSON file:
--   { "cmd": ["dotnet", "codenode.dll", "lsp"], "file": "/abs/node.py", "root": "/abs", "filetype": "python",
--     "timeout_ms": 30000, "settle_ms": 500,
--     "hover": [{"line": 3, "character": 10}], "completion": [{"line": 5, "character": 4}] }
-- Output (stdout): `PROBE {"server":…, "diagnostics":[…], "hover":[…], "completion":[…], "error":…}` and then
-- Neovim quits with 0 when the server published diagnostics for the file, 1 otherwise.
-- Run: PROBE_SPEC=spec.json nvim --headless -u NONE -i NONE -n -c 'luafile tests/nvim/probe.lua'

local report = { server = vim.NIL, diagnostics = vim.NIL, hover = {}, completion = {}, error = vim.NIL }

local function finish(code)
  io.stdout:write('PROBE ' .. vim.fn.json_encode(report) .. '\n')
  io.stdout:flush()
  -- Stop the client politely (shutdown + exit) and give the server a moment to leave before forcing it.
  for _, c in pairs(vim.lsp.get_active_clients()) do c.stop() end
  vim.wait(3000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
  for _, c in pairs(vim.lsp.get_active_clients()) do c.stop(true) end
  vim.cmd(code == 0 and 'qall!' or ('cquit ' .. code))
end

local spec_path = os.getenv('PROBE_SPEC')
if not spec_path or vim.fn.filereadable(spec_path) ~= 1 then
  report.error = 'PROBE_SPEC must name a readable JSON file'
  return finish(3)
end
local spec = vim.fn.json_decode(table.concat(vim.fn.readfile(spec_path), '\n'))
local uri = vim.uri_from_fname(spec.file)
local last_diag_at, exited = nil, nil

local client_id = vim.lsp.start_client({
  name = 'codenode-probe',
  cmd = spec.cmd,
  cmd_cwd = spec.root,
  root_dir = spec.root,
  workspace_folders = { { uri = vim.uri_from_fname(spec.root), name = 'root' } },
  handlers = {
    ['textDocument/publishDiagnostics'] = function(_, result)
      if result and result.uri == uri then
        report.diagnostics = result.diagnostics
        last_diag_at = vim.loop.now()
      end
    end,
    ['window/logMessage'] = function() end,
    ['window/showMessage'] = function() end,
  },
  on_init = function(_, init_result)
    local caps = {}
    for k, _ in pairs((init_result and init_result.capabilities) or {}) do table.insert(caps, k) end
    table.sort(caps)
    report.server = { info = (init_result and init_result.serverInfo) or vim.NIL, capabilities = caps }
  end,
  on_exit = function(code, signal) exited = { code = code, signal = signal } end,
})
if not client_id then
  report.error = 'the server could not be started'
  return finish(2)
end

-- Opening the buffer and attaching sends didOpen once initialize is done.
vim.cmd('edit ' .. vim.fn.fnameescape(spec.file))
local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = spec.filetype or 'python'
vim.lsp.buf_attach_client(bufnr, client_id)

local settle = spec.settle_ms or 500
vim.wait(spec.timeout_ms or 30000, function()
  return exited ~= nil or (last_diag_at ~= nil and vim.loop.now() - last_diag_at >= settle)
end, 20)
if exited then
  report.error = 'the server exited: code ' .. tostring(exited.code) .. ', signal ' .. tostring(exited.signal)
  return finish(2)
end
if not last_diag_at then
  report.error = 'no publishDiagnostics for ' .. uri
  return finish(1)
end

local client = vim.lsp.get_client_by_id(client_id)
local function ask(method, positions, into)
  for _, p in ipairs(positions or {}) do
    local resp = client.request_sync(method, { textDocument = { uri = uri }, position = p }, 10000, bufnr)
    if not resp then table.insert(into, { error = 'timeout' })
    elseif resp.err then table.insert(into, { error = resp.err })
    else table.insert(into, { result = resp.result == nil and vim.NIL or resp.result }) end
  end
end
ask('textDocument/hover', spec.hover, report.hover)
ask('textDocument/completion', spec.completion, report.completion)
finish(0)
