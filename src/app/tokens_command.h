// `loyal tokens create --db DB --customer ID [--ttl 1h]`: prints a signed storefront
// customer token (http/customer_tokens.h) for a known customer, as POST
// /v1/customer-tokens does, for a shop's backend scripts and for trying the storefront
// routes by hand.
//
// Thread-safety: call from main's thread.
#pragma once

#include <CLI/CLI.hpp>

namespace loyal::app {

void AddTokensCommand(CLI::App& app);

}  // namespace loyal::app
