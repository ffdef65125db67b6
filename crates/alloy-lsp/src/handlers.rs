//! Request dispatch, and the context every feature works in: the document's config parsed
//! (`Sources`), its semantic model, the document's file in it and the position encoding.

use crate::server::{Answer, Failure, Server};
use crate::text::{Encoding, Lines};
use crate::world::{file_id, file_lines, file_uri, uri_path};
use alloy_diagnostics::Span;
use alloy_semantic::{FileId, Model, Sources};
use lsp_types as lsp;
use lsp_types::request::*;
use serde::de::DeserializeOwned;

/// A document in its config.
pub struct Doc<'a> {
    pub sources: &'a Sources,
    pub model: Model<'a>,
    pub file: FileId,
    pub encoding: Encoding,
    pub uri: &'a lsp::Url,
}

impl<'a> Doc<'a> {
    pub fn text(&self) -> &'a str {
        &self.sources.files[self.file].text
    }
    pub fn lines(&self) -> Lines<'a> {
        self.lines_of(self.file)
    }
    pub fn lines_of(&self, file: FileId) -> Lines<'a> {
        file_lines(&self.sources.files[file], self.encoding)
    }
    pub fn offset(&self, position: lsp::Position) -> u32 {
        self.lines().offset(position)
    }
    pub fn range(&self, span: Span) -> lsp::Range {
        self.lines().range(span)
    }
    /// Where `span` of `file` is, for the client.
    pub fn location(&self, file: FileId, span: Span) -> Option<lsp::Location> {
        Some(lsp::Location {
            uri: file_uri(&self.sources.files[file].path)?,
            range: self.lines_of(file).range(span),
        })
    }
}

fn parse<P: DeserializeOwned>(params: serde_json::Value) -> Result<P, Failure> {
    serde_json::from_value(params).map_err(|e| Failure::invalid(format!("invalid params: {e}")))
}

fn json<T: serde::Serialize>(value: T) -> Answer {
    serde_json::to_value(value).map_err(|e| Failure::failed(e.to_string()))
}

/// Runs `f` on the document `uri` in its config.
pub fn with_doc(server: &mut Server, uri: &lsp::Url, f: impl FnOnce(&Doc<'_>) -> Answer) -> Answer {
    let path = uri_path(uri);
    let key = server.world.config_of(&path);
    let sources = server.world.sources(&key);
    let Some(file) = file_id(&sources, &path) else {
        return Err(Failure::failed(format!(
            "{} is neither open nor a file of its config",
            path.display()
        )));
    };
    let model = Model::build(&sources);
    let doc = Doc {
        sources: &sources,
        model,
        file,
        encoding: server.world.encoding(),
        uri,
    };
    f(&doc)
}

/// Runs `f` at the position of a request.
fn at(
    server: &mut Server,
    position: lsp::TextDocumentPositionParams,
    f: impl FnOnce(&Doc<'_>, u32) -> Answer,
) -> Answer {
    with_doc(server, &position.text_document.uri, |doc| {
        f(doc, doc.offset(position.position))
    })
}

pub fn dispatch(server: &mut Server, method: &str, params: serde_json::Value) -> Answer {
    match method {
        HoverRequest::METHOD => {
            let p: lsp::HoverParams = parse(params)?;
            at(server, p.text_document_position_params, |doc, offset| {
                json(crate::hover::hover(doc, offset))
            })
        }
        Completion::METHOD => {
            let p: lsp::CompletionParams = parse(params)?;
            at(server, p.text_document_position, |doc, offset| {
                json(crate::completion::complete(doc, offset))
            })
        }
        ResolveCompletionItem::METHOD => {
            let item: lsp::CompletionItem = parse(params)?;
            json(crate::completion::resolve(item))
        }
        SignatureHelpRequest::METHOD => {
            let p: lsp::SignatureHelpParams = parse(params)?;
            at(server, p.text_document_position_params, |doc, offset| {
                json(crate::signature::signature_help(doc, offset))
            })
        }
        GotoDefinition::METHOD => {
            let p: lsp::GotoDefinitionParams = parse(params)?;
            at(server, p.text_document_position_params, |doc, offset| {
                json(crate::navigation::definition(doc, offset))
            })
        }
        References::METHOD => {
            let p: lsp::ReferenceParams = parse(params)?;
            let include = p.context.include_declaration;
            at(server, p.text_document_position, |doc, offset| {
                json(crate::navigation::references(doc, offset, include))
            })
        }
        PrepareRenameRequest::METHOD => {
            let p: lsp::TextDocumentPositionParams = parse(params)?;
            at(server, p, |doc, offset| {
                json(crate::navigation::prepare_rename(doc, offset))
            })
        }
        Rename::METHOD => {
            let p: lsp::RenameParams = parse(params)?;
            at(server, p.text_document_position, |doc, offset| {
                crate::navigation::rename(doc, offset, &p.new_name).and_then(json)
            })
        }
        DocumentSymbolRequest::METHOD => {
            let p: lsp::DocumentSymbolParams = parse(params)?;
            with_doc(server, &p.text_document.uri, |doc| {
                json(lsp::DocumentSymbolResponse::Nested(
                    crate::symbols::document_symbols(doc),
                ))
            })
        }
        WorkspaceSymbolRequest::METHOD => {
            let p: lsp::WorkspaceSymbolParams = parse(params)?;
            json(crate::symbols::workspace_symbols(
                &mut server.world,
                &p.query,
            ))
        }
        FoldingRangeRequest::METHOD => {
            let p: lsp::FoldingRangeParams = parse(params)?;
            with_doc(server, &p.text_document.uri, |doc| {
                json(crate::symbols::folding_ranges(doc))
            })
        }
        SemanticTokensFullRequest::METHOD => {
            let p: lsp::SemanticTokensParams = parse(params)?;
            with_doc(server, &p.text_document.uri, |doc| {
                json(lsp::SemanticTokensResult::Tokens(crate::tokens::tokens(
                    doc,
                )))
            })
        }
        Formatting::METHOD => {
            let p: lsp::DocumentFormattingParams = parse(params)?;
            with_doc(server, &p.text_document.uri, |doc| {
                crate::actions::format(doc).and_then(json)
            })
        }
        RangeFormatting::METHOD => {
            let p: lsp::DocumentRangeFormattingParams = parse(params)?;
            with_doc(server, &p.text_document.uri, |doc| {
                crate::actions::format_range(doc, p.range).and_then(json)
            })
        }
        CodeActionRequest::METHOD => {
            let p: lsp::CodeActionParams = parse(params)?;
            let options = server.world.options.clone();
            let key = server.world.config_of(&uri_path(&p.text_document.uri));
            let report = server.world.report(&key);
            with_doc(server, &p.text_document.uri, |doc| {
                json(crate::actions::code_actions(doc, &p, &options, &report))
            })
        }
        "alloy/panic" if std::env::var_os("ALLOY_LSP_TEST_REQUESTS").is_some() => {
            panic!("alloy/panic was requested")
        }
        _ => Err(Failure {
            code: lsp_server::ErrorCode::MethodNotFound,
            message: format!("unknown request {method}"),
        }),
    }
}
