// What `loyal serve` does before it listens: on the first start of a store (no API keys
// yet) in demo mode, seed a demo shop and print a demo admin key once; on later starts,
// say how to make a key.
//
// Thread-safety: call from main's thread before the server starts.
#pragma once

#include <string>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"

namespace loyal::app {

// With `demo_customers` > 0 and a store that has no API keys: generates a demo shop of that
// many customers when the store has no customers, then creates an admin key and prints it
// on stdout. Otherwise prints on stderr how to create a key. Errors: the store's, the demo
// generator's.
[[nodiscard]] Status PrepareFirstStart(db::Database& db, const std::string& target,
                                       int demo_customers, const Clock& clock);

}  // namespace loyal::app
