#include "app/tokens_command.h"

#include <charconv>
#include <cstdio>

#include "app/command_support.h"
#include "customers/customer_service.h"
#include "http/customer_tokens.h"
#include "settings/settings_service.h"

namespace loyal::app {
namespace {

struct TokensOptions {
  std::string db;
  std::string customer;
  std::string ttl = "1h";
};

// "90s", "15m", "1h", "7d" or a number of seconds. Errors: invalid_argument (field "--ttl").
Result<std::chrono::seconds> ParseTtl(const std::string& text) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  const std::string_view unit(end, text.data() + text.size() - end);
  int64_t scale = 0;
  if (unit.empty() || unit == "s") scale = 1;
  if (unit == "m") scale = 60;
  if (unit == "h") scale = 3600;
  if (unit == "d") scale = 86400;
  if (ec != std::errc() || scale == 0 || n <= 0 || n > http::kMaxTokenTtl.count() / scale ||
      n * scale < http::kMinTokenTtl.count()) {
    return InvalidArgument("--ttl must be a duration such as 90s, 15m, 1h or 7d (60s to 30d)",
                           "--ttl");
  }
  return std::chrono::seconds(n * scale);
}

void CreateToken(const TokensOptions& options) {
  auto ttl = ParseTtl(options.ttl);
  if (!ttl) ExitWith(ReportError(ttl.error()));
  SystemClock clock;
  RunOnStore(
      options.db,
      [&](db::Transaction& tx) -> Status {
        LOY_ASSIGN_OR_RETURN(customers::Customer customer,
                             customers::GetCustomer(tx, options.customer));
        LOY_ASSIGN_OR_RETURN(std::string secret, settings::CustomerTokenSecret(tx));
        http::CustomerTokens tokens([&secret]() -> Result<std::string> { return secret; }, clock);
        LOY_ASSIGN_OR_RETURN(
            http::IssuedToken token,
            tokens.Issue(customers::PublicId(customer).value_or(options.customer), *ttl));
        // The token alone on stdout, so scripts can capture it; the rest on stderr.
        std::printf("%s\n", token.token.c_str());
        std::fprintf(stderr,
                     "token for customer %s, valid until %s; send it as X-Customer-Token "
                     "with a storefront key\n",
                     options.customer.c_str(), FormatTimestamp(token.expires_at).c_str());
        return {};
      },
      StoreMode::kMustExist);
}

}  // namespace

void AddTokensCommand(CLI::App& app) {
  auto options = std::make_shared<TokensOptions>();
  auto* tokens = app.add_subcommand("tokens", "Make storefront customer tokens");
  tokens->require_subcommand(1);
  auto* create = tokens->add_subcommand("create", "Print a signed token for one customer");
  AddDbOption(*create, options->db);
  create->add_option("--customer", options->customer, "the shop's id of the customer")->required();
  create->add_option("--ttl", options->ttl, "how long it works: 90s, 15m, 1h, 7d (60s to 30d)")
      ->capture_default_str();
  create->callback([options] { CreateToken(*options); });
}

}  // namespace loyal::app
