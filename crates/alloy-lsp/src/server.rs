//! The main loop: messages from the client, results from the diagnostics worker, and the
//! debounce timer. Requests are answered on this thread from the current documents; every
//! handler runs under `catch_unwind`, so a panic is logged, answered with an error and the
//! server keeps serving.

use crate::diagnostics::{spawn_worker, Job, JobResult};
use crate::world::{ConfigKey, Document, Options, World};
use crossbeam_channel::{select, unbounded, Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

/// A handler's failure, sent as the response's error.
pub struct Failure {
    pub code: ErrorCode,
    pub message: String,
}

impl Failure {
    pub fn failed(message: impl Into<String>) -> Failure {
        Failure {
            code: ErrorCode::RequestFailed,
            message: message.into(),
        }
    }
    pub fn invalid(message: impl Into<String>) -> Failure {
        Failure {
            code: ErrorCode::InvalidParams,
            message: message.into(),
        }
    }
}

pub type Answer = Result<serde_json::Value, Failure>;

pub struct Server {
    pub world: World,
    sender: Sender<Message>,
    jobs: Sender<Job>,
    results: Receiver<JobResult>,
    /// Configs whose diagnostics are due when the timer fires.
    pending: BTreeSet<ConfigKey>,
    deadline: Option<Instant>,
    /// The latest job sent for each config.
    latest_job: HashMap<ConfigKey, u64>,
    next_seq: u64,
    next_request: i32,
    shutdown: bool,
}

/// The capabilities the server announces.
pub fn capabilities(utf8: bool) -> lsp::ServerCapabilities {
    use lsp::*;
    ServerCapabilities {
        position_encoding: Some(if utf8 {
            PositionEncodingKind::UTF8
        } else {
            PositionEncodingKind::UTF16
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), "\"".into()]),
            resolve_provider: Some(true),
            ..Default::default()
        }),
        signature_help_provider: Some(SignatureHelpOptions {
            trigger_characters: Some(vec!["(".into(), ",".into()]),
            ..Default::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..Default::default()
        })),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_range_formatting_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: crate::tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: Default::default(),
            },
        )),
        ..Default::default()
    }
}

/// Whether the client takes byte columns (`general.positionEncodings` has `utf-8`).
fn offers_utf8(params: &lsp::InitializeParams) -> bool {
    params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8))
}

/// Serves one client over `connection` until it sends `shutdown` and `exit` (or goes away).
/// The binary gives it stdin/stdout; tests give it an in-memory connection
/// (`Connection::memory`), so they drive exactly this loop.
pub fn serve(connection: Connection) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("initialize: {e}"))?;
    let params: lsp::InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("initialize params: {e}"))?;
    let result = lsp::InitializeResult {
        capabilities: capabilities(offers_utf8(&params)),
        server_info: Some(lsp::ServerInfo {
            name: "alloy-lsp".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    connection
        .initialize_finish(id, serde_json::to_value(result).map_err(|e| e.to_string())?)
        .map_err(|e| format!("initialize: {e}"))?;
    let mut server = Server::new(connection.sender.clone(), &params);
    server.run(&connection.receiver)
}

impl Server {
    /// A server for a client that initialized with `params`; starts the diagnostics worker.
    fn new(sender: Sender<Message>, params: &lsp::InitializeParams) -> Server {
        let mut world = World::default();
        world.options = Options::from_json(params.initialization_options.as_ref());
        world.encoding_utf8 = offers_utf8(params);
        #[allow(deprecated)]
        let root_uri = params.root_uri.clone();
        world.roots = params
            .workspace_folders
            .iter()
            .flatten()
            .map(|f| f.uri.clone())
            .chain(root_uri)
            .filter_map(|u| u.to_file_path().ok())
            .collect();
        let watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        let (jobs, job_receiver) = unbounded();
        let (result_sender, results) = unbounded();
        spawn_worker(job_receiver, result_sender);
        let mut server = Server {
            world,
            sender,
            jobs,
            results,
            pending: BTreeSet::new(),
            deadline: None,
            latest_job: HashMap::new(),
            next_seq: 0,
            next_request: 0,
            shutdown: false,
        };
        if watch {
            server.register_watchers();
        }
        server
    }

    fn run(&mut self, receiver: &Receiver<Message>) -> Result<(), String> {
        loop {
            let timer = match self.deadline {
                Some(at) => crossbeam_channel::at(at),
                None => crossbeam_channel::never(),
            };
            select! {
                recv(receiver) -> message => {
                    let Ok(message) = message else { return Ok(()) };
                    match message {
                        Message::Request(request) => self.on_request(request),
                        Message::Notification(n) if n.method == "exit" => return Ok(()),
                        Message::Notification(n) => self.on_notification(n),
                        Message::Response(_) => {}
                    }
                }
                recv(self.results) -> result => {
                    if let Ok(result) = result {
                        self.publish(result);
                    }
                }
                recv(timer) -> _ => self.flush_diagnostics(),
            }
        }
    }

    fn send(&self, message: Message) {
        // The client went away: the reader sees that and the loop ends.
        let _ = self.sender.send(message);
    }

    fn register_watchers(&mut self) {
        use lsp::*;
        let watchers = ["**/*.alloy", "**/*.river"]
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*g).into()),
                kind: None,
            })
            .collect();
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "alloy-lsp-watched-files".into(),
                method: notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                    watchers,
                })
                .ok(),
            }],
        };
        self.next_request += 1;
        self.send(Message::Request(Request::new(
            RequestId::from(format!("alloy-lsp-{}", self.next_request)),
            request::RegisterCapability::METHOD.into(),
            params,
        )));
    }

    fn on_request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if self.shutdown {
            self.send(Message::Response(Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            )));
            return;
        }
        if method == lsp::request::Shutdown::METHOD {
            self.shutdown = true;
            self.send(Message::Response(Response::new_ok(id, ())));
            return;
        }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            crate::handlers::dispatch(self, &method, params)
        }));
        let response = match outcome {
            Ok(Ok(value)) => Response {
                id,
                result: Some(value),
                error: None,
            },
            Ok(Err(failure)) => Response::new_err(id, failure.code as i32, failure.message),
            Err(panic) => {
                let what = panic_message(&panic);
                eprintln!("alloy-lsp: {method} panicked: {what}");
                Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    format!("internal error in {method}: {what}"),
                )
            }
        };
        self.send(Message::Response(response));
    }

    fn on_notification(&mut self, n: Notification) {
        let method = n.method.clone();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.notification(n)));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(message)) => eprintln!("alloy-lsp: {method}: {message}"),
            Err(panic) => eprintln!("alloy-lsp: {method} panicked: {}", panic_message(&panic)),
        }
    }

    fn notification(&mut self, n: Notification) -> Result<(), String> {
        use lsp::notification::*;
        fn params<P: serde::de::DeserializeOwned>(
            n: lsp_server::Notification,
        ) -> Result<P, String> {
            serde_json::from_value(n.params).map_err(|e| format!("bad params: {e}"))
        }
        let enc = self.world.encoding();
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp::DidOpenTextDocumentParams = params(n)?;
                let d = p.text_document;
                let doc = Document::new(d.uri.clone(), d.version, d.text);
                let config = self.world.config_of(&doc.path);
                self.world.docs.insert(d.uri, doc);
                self.world.invalidate();
                self.schedule(config, true);
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp::DidChangeTextDocumentParams = params(n)?;
                let uri = p.text_document.uri;
                let Some(doc) = self.world.docs.get_mut(&uri) else {
                    return Err(format!("{uri} is not open"));
                };
                doc.apply(p.text_document.version, p.content_changes, enc);
                let path = doc.path.clone();
                let config = self.world.config_of(&path);
                self.world.invalidate();
                self.schedule(config, false);
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp::DidCloseTextDocumentParams = params(n)?;
                if let Some(doc) = self.world.docs.remove(&p.text_document.uri) {
                    self.world.invalidate();
                    self.publish_one(doc.uri, None, Vec::new());
                    let config = self.world.config_of(&doc.path);
                    self.schedule(config, true);
                }
            }
            DidSaveTextDocument::METHOD => {}
            DidChangeWatchedFiles::METHOD => {
                let _: lsp::DidChangeWatchedFilesParams = params(n)?;
                // A file of some open document's config (or a module it imports) changed on
                // disk: check every open config again.
                self.world.invalidate();
                let configs: BTreeSet<ConfigKey> = self
                    .world
                    .docs
                    .values()
                    .map(|d| self.world.config_of(&d.path))
                    .collect();
                for c in configs {
                    self.schedule(c, true);
                }
            }
            DidChangeConfiguration::METHOD | Initialized::METHOD | Cancel::METHOD => {}
            SetTrace::METHOD => {}
            _ => {}
        }
        Ok(())
    }

    /// Checks `config` once the typing pauses (or at once).
    fn schedule(&mut self, config: ConfigKey, now: bool) {
        self.pending.insert(config);
        let at = if now {
            Instant::now()
        } else {
            Instant::now() + self.world.options.diagnostics_delay
        };
        self.deadline = Some(match self.deadline {
            Some(d) if now => d.min(at),
            _ => at,
        });
    }

    fn flush_diagnostics(&mut self) {
        self.deadline = None;
        let texts: Vec<_> = self
            .world
            .docs
            .values()
            .map(|d| (d.path.clone(), d.text.clone()))
            .collect();
        for config in std::mem::take(&mut self.pending) {
            let open: Vec<_> = self
                .world
                .docs
                .values()
                .filter(|d| self.world.config_of(&d.path) == config)
                .map(|d| (d.uri.clone(), d.path.clone(), d.version))
                .collect();
            if open.is_empty() {
                continue;
            }
            self.next_seq += 1;
            self.latest_job.insert(config.clone(), self.next_seq);
            let job = Job {
                config,
                seq: self.next_seq,
                generation: self.world.generation(),
                texts: texts.clone(),
                open,
                options: self.world.options.clone(),
                encoding: self.world.encoding(),
            };
            if self.jobs.send(job).is_err() {
                eprintln!("alloy-lsp: the diagnostics thread is gone");
            }
        }
    }

    /// Publishes a job's diagnostics, unless a newer job for the config was sent or the
    /// document changed since the job read it.
    fn publish(&mut self, result: JobResult) {
        if self.latest_job.get(&result.config) != Some(&result.seq) {
            return;
        }
        self.world
            .offer_report(result.config, result.generation, result.report);
        for (uri, version, diagnostics) in result.publish {
            let current = self.world.docs.get(&uri).map(|d| d.version);
            if current == Some(version) {
                self.publish_one(uri, Some(version), diagnostics);
            }
        }
    }

    fn publish_one(&self, uri: lsp::Url, version: Option<i32>, diagnostics: Vec<lsp::Diagnostic>) {
        let params = lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Message::Notification(Notification::new(
            lsp::notification::PublishDiagnostics::METHOD.into(),
            params,
        )));
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".into()
    }
}
