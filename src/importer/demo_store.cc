#include "importer/demo_store.h"

#include <memory>

#include "settings/settings_service.h"

namespace loyal::importer {
namespace {

constexpr int64_t kCommitEveryOrders = 100000;

class DemoStoreSink final : public DemoSink {
 public:
  DemoStoreSink(db::Database& db, const Currency& currency, const Clock& clock,
                ImportSummary& summary)
      : db_(db), currency_(currency), writer_(clock, summary) {}

  Status Begin() {
    LOY_ASSIGN_OR_RETURN(tx_, db_.Begin());
    LOY_ASSIGN_OR_RETURN(settings::ShopSettings shop, settings::Load(*tx_));
    zone_ = shop.time_zone;
    return {};
  }

  Status Finish() {
    LOY_RETURN_IF_ERROR(writer_.Flush(*tx_));
    return tx_->Commit();
  }

  Status OnCatalog(const std::vector<DemoProduct>& products) override {
    for (const DemoProduct& p : products) {
      LOY_RETURN_IF_ERROR(
          writer_.AddProduct(*tx_, orders::ProductInput{p.sku, p.title, std::nullopt, p.category,
                                                        p.price_micros, currency_}));
    }
    return {};
  }

  Status OnCustomer(const DemoCustomer& c, const std::vector<DemoOrder>& orders,
                    const std::vector<DemoReturn>& returns) override {
    CustomerProfile profile{c.external_id, c.email,    c.name,
                            c.country,     c.birthday, c.marketing_consent};
    for (const DemoOrder& o : orders) LOY_RETURN_IF_ERROR(QueueOrder(profile, o));
    for (const DemoReturn& r : returns) LOY_RETURN_IF_ERROR(QueueReturn(profile, orders, r));
    if (queued_ >= kCommitEveryOrders) {
      queued_ = 0;
      LOY_RETURN_IF_ERROR(Finish());
      LOY_RETURN_IF_ERROR(Begin());
    }
    return {};
  }

 private:
  Timestamp Utc(int64_t wall_seconds) const {
    return ToUtc(ParsedDateTime{wall_seconds, false}, zone_);
  }

  Status QueueOrder(const CustomerProfile& profile, const DemoOrder& o) {
    PendingOrder pending;
    pending.customer = profile;
    orders::OrderInput& in = pending.input;
    in.external_id = o.external_id;
    if (!profile.external_id.empty()) in.customer.external_id = profile.external_id;
    in.customer.email = profile.email;
    in.customer.name = profile.name;
    in.placed_at = Utc(o.placed_at);
    in.currency = currency_;
    in.status = orders::OrderStatus::kDelivered;
    for (const DemoLine& l : o.lines) {
      in.lines.push_back(
          orders::LineInput{l.product->sku, l.quantity, l.product->price_micros, 0, std::nullopt});
    }
    if (auto valid = orders::NormalizeOrderInput(in); !valid) {
      return Internal("demo order " + o.external_id + " is invalid: " + valid.error().ToString());
    }
    ++queued_;
    return writer_.Queue(*tx_, std::move(pending));
  }

  Status QueueReturn(const CustomerProfile& profile, const std::vector<DemoOrder>& orders,
                     const DemoReturn& r) {
    const DemoOrder* order = nullptr;
    for (const DemoOrder& o : orders) {
      if (o.external_id == r.order_external_id) order = &o;
    }
    if (order == nullptr) return Internal("demo return " + r.external_id + " has no order");
    const DemoLine& line = order->lines.at(static_cast<size_t>(r.line_no));
    LOY_ASSIGN_OR_RETURN(int64_t refund,
                         LineTotalMinor(r.quantity, line.product->price_micros, currency_));
    PendingReturn pending;
    pending.customer = profile;
    orders::HistoricReturn& ret = pending.ret;
    ret.external_id = r.external_id;
    ret.sku = line.product->sku;
    ret.quantity = r.quantity;
    ret.refund_minor = refund;
    ret.currency = currency_;
    ret.returned_at = Utc(r.returned_at);
    ret.order_external_id = r.order_external_id;
    ret.order_line_no = r.line_no;
    return writer_.Queue(*tx_, std::move(pending));
  }

  db::Database& db_;
  Currency currency_;
  const date::time_zone* zone_ = nullptr;  // the shop's, as the transaction began
  ImportWriter writer_;
  std::unique_ptr<db::Transaction> tx_;
  int64_t queued_ = 0;
};

}  // namespace

Result<ImportSummary> WriteDemoToStore(db::Database& db, const DemoOptions& options,
                                       const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(DemoGenerator generator, DemoGenerator::Create(options));
  ImportSummary summary;
  DemoStoreSink sink(db, generator.currency(), clock, summary);
  LOY_RETURN_IF_ERROR(sink.Begin());
  LOY_RETURN_IF_ERROR(generator.Run(sink));
  LOY_RETURN_IF_ERROR(sink.Finish());
  return summary;
}

}  // namespace loyal::importer
