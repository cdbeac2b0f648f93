#include "app/keys_command.h"

#include <cstdio>

#include "app/command_support.h"
#include "core/time.h"
#include "http/api_keys.h"

namespace loyal::app {
namespace {

struct KeysOptions {
  std::string db;
  std::string role;
  std::string label;
  int64_t revoke_id = 0;
};

void CreateKey(const KeysOptions& options) {
  auto role = http::ParseKeyRole(options.role);
  if (!role) ExitWith(ReportError(role.error()));
  SystemClock clock;
  RunOnStore(options.db, [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(auto key, http::CreateApiKey(tx, *role, options.label, clock));
    // The key alone on stdout, so scripts can capture it; the rest on stderr.
    std::printf("%s\n", key.key.c_str());
    std::fprintf(stderr, "created %s key %lld; it is shown only this once\n",
                 std::string(http::RoleName(*role)).c_str(), static_cast<long long>(key.api_key_id));
    return {};
  });
}

void ListKeys(const KeysOptions& options) {
  ReadFromStore(options.db, [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(auto keys, http::ListApiKeys(tx));
    std::printf("%-6s %-11s %-21s %-21s %s\n", "id", "role", "created", "revoked", "label");
    for (const auto& key : keys) {
      std::printf("%-6lld %-11s %-21s %-21s %s\n", static_cast<long long>(key.api_key_id),
                  std::string(http::RoleName(key.role)).c_str(), FormatTimestamp(key.created_at).c_str(),
                  key.revoked_at ? FormatTimestamp(*key.revoked_at).c_str() : "-",
                  key.label.c_str());
    }
    return {};
  });
}

void RevokeKey(const KeysOptions& options) {
  SystemClock clock;
  RunOnStore(
      options.db,
      [&](db::Transaction& tx) -> Status {
        LOY_RETURN_IF_ERROR(http::RevokeApiKey(tx, options.revoke_id, clock));
        std::fprintf(stderr,
                     "revoked key %lld; a running `loyal serve` may still accept it for up to "
                     "%lld s (its key cache)\n",
                     static_cast<long long>(options.revoke_id),
                     static_cast<long long>(http::kApiKeyCacheTtl.count()));
        return {};
      },
      StoreMode::kMustExist);
}

}  // namespace

void AddKeysCommand(CLI::App& app) {
  auto options = std::make_shared<KeysOptions>();
  auto* keys = app.add_subcommand("keys", "Create, list and revoke API keys");
  keys->require_subcommand(1);

  auto* create = keys->add_subcommand("create", "Create a key and print it once");
  AddDbOption(*create, options->db);
  // Required: an admin key by default would hand out full access to whoever forgot to say.
  create->add_option("--role", options->role, "admin or storefront")->required();
  create->add_option("--label", options->label, "a note to tell keys apart");
  create->callback([options] { CreateKey(*options); });

  auto* list = keys->add_subcommand("list", "List keys (never their secrets)");
  AddDbOption(*list, options->db);
  list->callback([options] { ListKeys(*options); });

  auto* revoke = keys->add_subcommand("revoke", "Revoke a key by id");
  AddDbOption(*revoke, options->db);
  revoke->add_option("id", options->revoke_id, "the key's id (from keys list)")->required();
  revoke->callback([options] { RevokeKey(*options); });
}

}  // namespace loyal::app
