#include "program/program_service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "program/program_json.h"
#include "program/program_store.h"

namespace loyal::program {
namespace {

Result<ProgramVersion> FromStored(const store::StoredVersion& stored) {
  boost::system::error_code ec;
  boost::json::value document = boost::json::parse(stored.document, ec);
  Result<Program> program = InvalidArgument("not a JSON object");
  if (!ec && document.is_object()) program = ParseProgram(document.as_object());
  if (!program) {
    return MakeError(ErrorCode::kInternal, "stored program version " +
                                               std::to_string(stored.version) +
                                               " does not parse: " + program.error().ToString());
  }
  return ProgramVersion{stored.version, std::move(*program), stored.created_at, stored.created_by};
}

}  // namespace

Result<std::optional<ProgramVersion>> CurrentProgram(db::Transaction& tx) {
  LOY_ASSIGN_OR_RETURN(auto latest, store::Latest(tx));
  if (!latest) return std::optional<ProgramVersion>();
  LOY_ASSIGN_OR_RETURN(ProgramVersion version, FromStored(*latest));
  return std::optional<ProgramVersion>(std::move(version));
}

Result<std::shared_ptr<const ProgramVersion>> ProgramCache::Current(db::Transaction& tx) {
  LOY_ASSIGN_OR_RETURN(auto latest, store::Latest(tx));
  if (!latest) return std::shared_ptr<const ProgramVersion>();
  return Parse(*latest);
}

Result<std::shared_ptr<const ProgramVersion>> ProgramCache::Version(db::Transaction& tx,
                                                                    int64_t version) {
  LOY_ASSIGN_OR_RETURN(auto stored, store::Find(tx, version));
  if (!stored) return NotFound("no program version " + std::to_string(version));
  return Parse(*stored);
}

Result<std::shared_ptr<const ProgramVersion>> ProgramCache::Parse(
    const store::StoredVersion& stored) {
  {
    std::lock_guard lock(mutex_);
    auto it = by_version_.find(stored.version);
    if (it != by_version_.end() && it->second.document == stored.document &&
        it->second.version->created_at == stored.created_at) {
      return it->second.version;
    }
  }
  // Parsed outside the lock: another thread may parse the same document meanwhile, and
  // either result is the same.
  LOY_ASSIGN_OR_RETURN(ProgramVersion parsed, FromStored(stored));
  auto shared = std::make_shared<const ProgramVersion>(std::move(parsed));
  std::lock_guard lock(mutex_);
  by_version_[stored.version] = Parsed{stored.document, shared};
  return shared;
}

Result<ProgramVersion> GetProgramVersion(db::Transaction& tx, int64_t version) {
  LOY_ASSIGN_OR_RETURN(auto stored, store::Find(tx, version));
  if (!stored) return NotFound("no program version " + std::to_string(version));
  return FromStored(*stored);
}

Result<std::vector<ProgramVersion>> ListProgramVersions(db::Transaction& tx,
                                                        std::optional<int64_t> before, int limit) {
  LOY_ASSIGN_OR_RETURN(auto stored, store::ListBefore(tx, before, limit));
  std::vector<ProgramVersion> out;
  for (const store::StoredVersion& s : stored) {
    LOY_ASSIGN_OR_RETURN(ProgramVersion v, FromStored(s));
    out.push_back(std::move(v));
  }
  return out;
}

Result<PutProgramResult> PutProgram(db::Transaction& tx, const Program& program,
                                    std::string_view created_by, Timestamp now) {
  const std::string document = boost::json::serialize(ProgramJson(program));
  LOY_ASSIGN_OR_RETURN(auto latest, store::Latest(tx));
  if (latest && latest->document == document) {
    LOY_ASSIGN_OR_RETURN(ProgramVersion current, FromStored(*latest));
    return PutProgramResult{std::move(current), false};
  }
  store::StoredVersion next{latest ? latest->version + 1 : 1, document, now,
                            std::string(created_by)};
  if (auto inserted = store::Insert(tx, next); !inserted) {
    if (inserted.error().code != ErrorCode::kAlreadyExists) return tl::unexpected(inserted.error());
    return MakeError(ErrorCode::kConflict, "another program version was written at the same time");
  }
  return PutProgramResult{ProgramVersion{next.version, program, now, next.created_by}, true};
}

Program SampleProgram(const Currency& currency) {
  Program p;
  p.earning.rate_millionths[std::string(currency.code())] = kMillionths;
  p.earning.first_order_bonus = 100;
  p.events.push_back(EventRule{
      .name = "sign_up", .points = 50, .cap_count = 1, .cap_period = CapPeriod::kLifetime});
  p.events.push_back(
      EventRule{.name = "review", .points = 20, .cap_count = 3, .cap_period = CapPeriod::kMonth});
  p.expiry = ExpiryRules{.policy = ExpiryPolicy::kAfterEarning,
                         .months = 12,
                         .round_to_month_end = true,
                         .warning_days = 30};
  return p;
}

Result<bool> InstallSampleProgramIfNone(db::Transaction& tx, const Currency& currency,
                                        std::string_view created_by, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(auto latest, store::Latest(tx));
  if (latest) return false;
  LOY_ASSIGN_OR_RETURN(auto put, PutProgram(tx, SampleProgram(currency), created_by, now));
  return put.created;
}

}  // namespace loyal::program
