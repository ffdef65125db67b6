//! A small LSP client for the end-to-end tests: starts the real `alloy-lsp` binary and speaks
//! JSON-RPC over its stdin/stdout, or runs the server's own loop (`alloy_lsp::server::serve`)
//! on a thread over an in-memory connection, for tests that send millions of requests.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    server: Server,
    /// Notifications and server requests read while waiting for something else.
    pub backlog: VecDeque<Value>,
    next_id: i64,
}

/// Where the server runs.
enum Server {
    /// The `alloy-lsp` binary, over its stdin/stdout; a thread reads its messages.
    Process {
        child: Child,
        stdin: ChildStdin,
        messages: Receiver<Value>,
    },
    /// `alloy_lsp::server::serve` on a thread, over `lsp_server::Connection::memory()`.
    Memory {
        connection: Option<lsp_server::Connection>,
        thread: Option<std::thread::JoinHandle<Result<(), String>>>,
    },
}

/// What the client sends (params moved, not copied: the in-process server gets them as they
/// are).
enum Outgoing<'m> {
    Request {
        id: i64,
        method: &'m str,
        params: Value,
    },
    Notification {
        method: &'m str,
        params: Value,
    },
    /// The answer to a request of the server's (`client/registerCapability`).
    Response {
        id: Value,
    },
}

/// A message as JSON, its params or result moved rather than serialized again (completion
/// lists are big).
fn message_value(message: lsp_server::Message) -> Value {
    use lsp_server::Message;
    let mut map = serde_json::Map::new();
    match message {
        Message::Request(r) => {
            map.insert("id".into(), serde_json::to_value(r.id).unwrap());
            map.insert("method".into(), r.method.into());
            map.insert("params".into(), r.params);
        }
        Message::Response(r) => {
            map.insert("id".into(), serde_json::to_value(r.id).unwrap());
            if let Some(result) = r.result {
                map.insert("result".into(), result);
            }
            if let Some(error) = r.error {
                map.insert("error".into(), serde_json::to_value(error).unwrap());
            }
        }
        Message::Notification(n) => {
            map.insert("method".into(), n.method.into());
            map.insert("params".into(), n.params);
        }
    }
    Value::Object(map)
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The server under test: the binary Cargo built for the integration tests, or
/// `$ALLOY_LSP_BIN` (the latency example), or `alloy-lsp` beside the running executable.
pub fn binary() -> std::path::PathBuf {
    if let Some(bin) = option_env!("CARGO_BIN_EXE_alloy-lsp") {
        return bin.into();
    }
    if let Some(bin) = std::env::var_os("ALLOY_LSP_BIN") {
        return bin.into();
    }
    let exe = std::env::current_exe().expect("the running executable");
    let dir = exe
        .parent()
        .and_then(|d| d.parent())
        .expect("target/<profile>");
    dir.join("alloy-lsp")
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// Starts the server and initializes it with `capabilities` and `options`
    /// (`initializationOptions`).
    pub fn start(capabilities: Value, options: Value) -> (Client, Value) {
        Client::start_with_env(capabilities, options, &[])
    }

    pub fn start_with_env(
        capabilities: Value,
        options: Value,
        env: &[(&str, &str)],
    ) -> (Client, Value) {
        let mut command = Command::new(binary());
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("starting alloy-lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client::initialize(
            Server::Process {
                child,
                stdin,
                messages,
            },
            capabilities,
            options,
        )
    }

    /// The server's loop on a thread of this process, over an in-memory connection: the
    /// same dispatch, `catch_unwind` and diagnostics worker as the binary, without pipes.
    pub fn in_process(capabilities: Value, options: Value) -> (Client, Value) {
        let (server, client) = lsp_server::Connection::memory();
        let thread = std::thread::Builder::new()
            .name("alloy-lsp main loop".into())
            .spawn(move || alloy_lsp::server::serve(server))
            .unwrap();
        Client::initialize(
            Server::Memory {
                connection: Some(client),
                thread: Some(thread),
            },
            capabilities,
            options,
        )
    }

    fn initialize(server: Server, capabilities: Value, options: Value) -> (Client, Value) {
        let mut client = Client {
            server,
            backlog: VecDeque::new(),
            next_id: 0,
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    /// A server with default capabilities and no debounce.
    pub fn default() -> Client {
        Client::start(json!({}), json!({"diagnosticsDelayMs": 0})).0
    }

    fn send(&mut self, message: Outgoing) {
        match &mut self.server {
            Server::Process { stdin, .. } => {
                let body = match message {
                    Outgoing::Request { id, method, params } => {
                        json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
                    }
                    Outgoing::Notification { method, params } => {
                        json!({"jsonrpc": "2.0", "method": method, "params": params})
                    }
                    Outgoing::Response { id } => {
                        json!({"jsonrpc": "2.0", "id": id, "result": null})
                    }
                }
                .to_string();
                write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
                stdin.flush().unwrap();
            }
            Server::Memory { connection, .. } => {
                use lsp_server::{Message, Notification, Request, RequestId, Response};
                let message = match message {
                    Outgoing::Request { id, method, params } => Message::Request(Request {
                        id: RequestId::from(id as i32),
                        method: method.into(),
                        params,
                    }),
                    Outgoing::Notification { method, params } => {
                        Message::Notification(Notification {
                            method: method.into(),
                            params,
                        })
                    }
                    Outgoing::Response { id } => Message::Response(Response {
                        id: serde_json::from_value(id).expect("a request id"),
                        result: Some(Value::Null),
                        error: None,
                    }),
                };
                if let Some(c) = connection {
                    // A server that went away shows as a missing response.
                    let _ = c.sender.send(message);
                }
            }
        }
    }

    fn receive(&mut self, deadline: Instant) -> Option<Value> {
        let wait = deadline.saturating_duration_since(Instant::now());
        match &self.server {
            Server::Process { messages, .. } => messages.recv_timeout(wait).ok(),
            Server::Memory { connection, .. } => {
                let m = connection.as_ref()?.receiver.recv_timeout(wait).ok()?;
                Some(message_value(m))
            }
        }
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(Outgoing::Notification { method, params });
    }

    fn next(&mut self, deadline: Instant) -> Option<Value> {
        let m = self.receive(deadline)?;
        // Answer the server's own requests (registerCapability).
        if m.get("id").is_some() && m.get("method").is_some() {
            let id = m["id"].clone();
            self.send(Outgoing::Response { id });
        }
        Some(m)
    }

    /// The whole response (`result` or `error`) to a request.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(Outgoing::Request { id, method, params });
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let Some(m) = self.next(deadline) else {
                panic!("no response to {method} within {TIMEOUT:?}");
            };
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            self.backlog.push_back(m);
        }
    }

    /// The result of a request; panics on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        if let Some(error) = response.get("error") {
            panic!("{method} failed: {error}");
        }
        response["result"].clone()
    }

    /// The first notification `method` (from the backlog, then new ones) that `accept`s.
    pub fn wait_for(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self
            .backlog
            .iter()
            .position(|m| m["method"] == method && accept(&m["params"]))
        {
            return self.backlog.remove(i).unwrap()["params"].clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let Some(m) = self.next(deadline) else {
                panic!("no {method} within {TIMEOUT:?}; got {:?}", self.backlog);
            };
            if m["method"] == method && accept(&m["params"]) {
                return m["params"].clone();
            }
            self.backlog.push_back(m);
        }
    }

    /// Every message that arrives within `wait`.
    pub fn drain(&mut self, wait: Duration) -> Vec<Value> {
        let deadline = Instant::now() + wait;
        let mut out: Vec<Value> = self.backlog.drain(..).collect();
        while let Some(m) = self.next(deadline) {
            out.push(m);
        }
        out
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let p = self.wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        });
        p["diagnostics"].as_array().unwrap().clone()
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "alloy", "version": 1, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// `textDocument/<method>` at a position.
    pub fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            &format!("textDocument/{method}"),
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    }

    /// The server process's id (not for an in-process server).
    pub fn pid(&self) -> u32 {
        match &self.server {
            Server::Process { child, .. } => child.id(),
            Server::Memory { .. } => panic!("an in-process server has no pid of its own"),
        }
    }

    pub fn is_alive(&mut self) -> bool {
        match &mut self.server {
            Server::Process { child, .. } => matches!(child.try_wait(), Ok(None)),
            Server::Memory { thread, .. } => thread.as_ref().is_some_and(|t| !t.is_finished()),
        }
    }

    /// `shutdown` + `exit`; whether the server then ended cleanly (exit status 0, or the
    /// loop returned `Ok`).
    pub fn shutdown(mut self) -> bool {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        match &mut self.server {
            Server::Process { child, .. } => loop {
                if let Some(status) = child.try_wait().unwrap() {
                    return status.success();
                }
                assert!(Instant::now() < deadline, "alloy-lsp did not exit");
                std::thread::sleep(Duration::from_millis(10));
            },
            Server::Memory { thread, .. } => {
                let thread = thread.take().unwrap();
                while !thread.is_finished() {
                    assert!(Instant::now() < deadline, "the server loop did not return");
                    std::thread::sleep(Duration::from_millis(1));
                }
                thread.join().is_ok_and(|r| r.is_ok())
            }
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        match &mut self.server {
            Server::Process { child, .. } => {
                let _ = child.kill();
                let _ = child.wait();
            }
            // Closing the connection ends the loop.
            Server::Memory { connection, .. } => drop(connection.take()),
        }
    }
}

/// The position (0-based line, UTF-16 column) of the first `needle` in `text`, plus `delta`
/// characters.
pub fn pos(text: &str, needle: &str, delta: usize) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
        + delta;
    let before = &text[..at];
    let line = before.matches('\n').count() as u32;
    let col = before.rsplit('\n').next().unwrap().encode_utf16().count() as u32;
    (line, col)
}
