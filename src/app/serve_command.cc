#include "app/serve_command.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <thread>

#include "app/command_support.h"
#include "app/first_start.h"
#include "app/jobs_command.h"
#include "app/routes.h"
#include "db/group_commit.h"
#include "db/open.h"
#include "http/api_keys.h"
#include "http/idempotency.h"
#include "http/pipeline.h"
#include "http/server.h"

namespace loyal::app {
namespace {

struct ServeOptions {
  std::string db;
  std::string address = "127.0.0.1";
  int port = 8080;
  int threads = 0;
  int writers = 0;
  int demo_customers = 0;
  int jobs_interval = 60;  // seconds; 0: no jobs timer
};

void Serve(const ServeOptions& options) {
  SystemClock clock;
  auto db = db::OpenDatabase(options.db, clock);
  if (!db) ExitWith(ReportError(db.error()));
  auto first = PrepareFirstStart(**db, options.db, options.demo_customers, clock);
  if (!first) ExitWith(ReportError(first.error()));

  program::ProgramCache programs;  // outlives the router and everything serving with it
  // Made at the first start, so every server on the store signs and checks with one secret.
  auto tokens = MakeCustomerTokens(**db, clock);
  if (auto secret = tokens->Secret(); !secret) ExitWith(ReportError(secret.error()));
  http::Router router;
  AddAllRoutes(router, **db, clock, programs, *tokens);
  http::ApiKeyAuthenticator authenticator(**db, clock);
  http::IdempotencyStore idempotency(clock);
  db::GroupCommitter writes(**db, {.writers = options.writers});
  http::Pipeline pipeline(router, authenticator, idempotency, writes, tokens.get());

  http::ServerOptions server_options;
  server_options.address = options.address;
  server_options.port = static_cast<uint16_t>(options.port);
  server_options.io_threads = options.threads;
  http::Server server(server_options, [&pipeline](http::Request& r, http::Reply reply) {
    pipeline.Handle(r, std::move(reply));
  });
  if (auto started = server.Start(); !started) ExitWith(ReportError(started.error()));
  // Tests and scripts read the port from this line (it matters with --port 0).
  std::printf("listening on http://%s:%d\n", options.address == "0.0.0.0" ? "127.0.0.1" : options.address.c_str(),
              server.port());
  std::fflush(stdout);
  std::unique_ptr<JobsTimer> jobs;
  if (options.jobs_interval > 0) {
    jobs = std::make_unique<JobsTimer>(**db, clock, std::chrono::seconds(options.jobs_interval));
  }
  server.WaitForStopSignal();
  jobs.reset();
  // The server has drained its connections; what is still queued commits before exit.
  writes.Stop();
  spdlog::info("stopped");
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand("serve", "Serve the JSON API over HTTP");
  AddDbOption(*serve, options->db);
  serve->add_option("--port", options->port, "TCP port (0: any free port)")
      ->envname("LOYAL_PORT")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve->add_option("--bind", options->address, "address to listen on")
      ->envname("LOYAL_BIND")->capture_default_str();
  serve->add_option("--threads", options->threads, "I/O threads (0: one per core)")
      ->envname("LOYAL_THREADS");
  serve->add_option("--writers", options->writers,
                    "group-commit writer threads, each with its own transaction (0: one on "
                    "SQLite, whose writes are serial anyway; four on PostgreSQL)")
      ->envname("LOYAL_WRITERS")
      ->check(CLI::Range(0, 64));
  serve
      ->add_option("--jobs-interval", options->jobs_interval,
                   "seconds between runs of the points jobs (release, expiry, stale holds); "
                   "0: none, leave them to `loyal jobs run`")
      ->envname("LOYAL_JOBS_INTERVAL")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  serve->add_option("--demo-customers", options->demo_customers,
                    "on first start with an empty store, seed a demo shop of N customers "
                    "and print a demo admin key")
      ->envname("LOYAL_DEMO_CUSTOMERS");
  serve->callback([options] { Serve(*options); });
}

}  // namespace loyal::app
