//! Evaluator for Grafana Alloy expressions.
