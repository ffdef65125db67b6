-- Driven by tests/neovim.rs: opens $ALLOY_CONFIG, starts the real alloy-lsp ($ALLOY_LSP_BIN)
-- with Neovim's built-in client, waits for the diagnostic, applies the "Move ..." code action,
-- formats, writes the buffer, and records what it saw in $ALLOY_REPORT. Exits non-zero on
-- any failure.

local bin = os.getenv("ALLOY_LSP_BIN")
local file = os.getenv("ALLOY_CONFIG")
local report_path = os.getenv("ALLOY_REPORT")
local report = {}

local function finish(code)
  vim.fn.writefile(report, report_path)
  vim.cmd("cquit " .. code)
end

local function fail(message)
  table.insert(report, "FAIL " .. message)
  finish(3)
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local config = {
    name = "alloy-lsp",
    cmd = { bin },
    root_dir = vim.fn.fnamemodify(file, ":h"),
    init_options = { diagnosticsDelayMs = 0 },
  }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config)
    table.insert(report, "started with vim.lsp.start")
  else
    -- Neovim 0.7 (Debian 12) has no vim.lsp.start yet.
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, client_id)
    table.insert(report, "started with vim.lsp.start_client")
  end
  if not client_id then
    return fail("the client did not start")
  end

  if not vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
    return fail("no diagnostics")
  end
  local d = vim.diagnostic.get(buf)[1]
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(report, string.format("diagnostic %d:%d %s %s", d.lnum, d.col, tostring(code),
    vim.split(d.message, "\n")[1]))

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.lnum, character = d.col } },
    context = { diagnostics = {} },
  }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000)
  local action
  for _, response in pairs(responses or {}) do
    for _, a in ipairs(response.result or {}) do
      if a.title:find("^Move") then
        action = a
      end
    end
  end
  if not action then
    return fail("no Move code action")
  end
  table.insert(report, "action " .. action.title)
  local client = vim.lsp.get_client_by_id(client_id)
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")

  if vim.lsp.buf.format then
    vim.lsp.buf.format({ async = false, timeout_ms = 10000 })
  else
    vim.lsp.buf.formatting_sync(nil, 10000)
  end
  vim.cmd("write")

  if not vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 20) then
    return fail("the diagnostic did not go away")
  end
  table.insert(report, "clean")
end)
if not ok then
  fail(tostring(err))
end
finish(0)
