// `loyal analyze`: customer analytics from a transaction file (--transactions FILE
// --format F) or from the store (--db), as tables or JSON:
//   clv      purchase model + spend model, per-customer CLV, holdout validation
//   predict  one customer's expected purchases and P(alive) from given parameters
//   rfm | pareto | cohorts | churn
// With --db, --save stores each customer's segment, P(alive), churn band and CLV.
//
// Thread-safety: call from main's thread.
#pragma once

#include <CLI/CLI.hpp>

namespace loyal::app {

// Registers `analyze` and its subcommands on `app`.
void AddAnalyzeCommand(CLI::App& app);

}  // namespace loyal::app
