#include "app/analyze_output.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "core/fixed_format.h"
#include "core/money.h"

namespace loyal::app {

const char kCustomersCsvHeader[] =
    "customer_id,frequency,recency,T,monetary_value,monetary_value_minor,p_alive,"
    "expected_purchases,expected_spend,expected_spend_minor,clv,clv_minor,currency";

namespace {

using analytics::ComputedReport;

std::string Money(int64_t minor, int exponent) { return FormatScaledDecimal(minor, exponent); }

void PrintHeader(const ComputedReport& report, std::FILE* out) {
  const auto& stats = report.data.stats;
  std::fprintf(out, "%s as of %s: %zu customers, currency %s\n\n",
               std::string(analytics::ReportKindName(report.kind)).c_str(),
               FormatDate(stats.window.calibration_end).c_str(), stats.size(),
               report.data.currency.c_str());
}

void PrintRfm(const ComputedReport& report, std::FILE* out) {
  const int e = report.data.currency_exponent;
  std::fprintf(out, "%-20s %10s %8s %16s %8s\n", "segment", "customers", "share", "revenue",
               "share");
  for (const auto& s : report.rfm->segments) {
    std::fprintf(out, "%-20s %10lld %7.1f%% %16s %7.1f%%\n",
                 std::string(analytics::SegmentName(s.segment)).c_str(),
                 static_cast<long long>(s.customers), 100 * s.customer_share,
                 Money(s.revenue_minor, e).c_str(), 100 * s.revenue_share);
  }
}

void PrintPareto(const ComputedReport& report, std::FILE* out) {
  const auto& p = *report.pareto;
  const int e = report.data.currency_exponent;
  std::fprintf(out, "%-8s %10s %16s %8s %16s %8s\n", "top", "customers", "revenue", "share",
               "profit", "share");
  for (int percent : {1, 5, 10, 20, 30, 50, 80, 100}) {
    const auto& point = p.curve[percent - 1];
    std::fprintf(out, "%6d%%  %10lld %16s %7.1f%% %16s %7.1f%%\n", percent,
                 static_cast<long long>(point.customers), Money(point.revenue_minor, e).c_str(),
                 100 * point.revenue_share, Money(point.profit_minor, e).c_str(),
                 100 * point.profit_share);
  }
  std::fprintf(out, "\ntop 20%%: %zu customers; the first ten:\n", p.top.size());
  for (size_t k = 0; k < p.top.size() && k < 10; ++k) {
    const uint32_t row = p.top[k];
    std::fprintf(out, "  %-24s %16s\n",
                 std::string(report.data.ids.Id(report.data.stats.customer[row])).c_str(),
                 Money(report.data.stats.NetRevenueMinor(row), e).c_str());
  }
}

void PrintCohorts(const ComputedReport& report, std::FILE* out) {
  const int e = report.data.currency_exponent;
  std::fprintf(out, "retention by months since the first purchase\n%-8s %8s", "cohort", "size");
  size_t months = 0;
  for (const auto& row : report.cohorts->cohorts) months = std::max(months, row.retention.size());
  for (size_t k = 0; k < months && k < 13; ++k) std::fprintf(out, " %5s", ("m" + std::to_string(k)).c_str());
  std::fprintf(out, " %16s\n", "revenue");
  for (const auto& row : report.cohorts->cohorts) {
    std::fprintf(out, "%-8s %8lld", analytics::FormatMonth(row.cohort).c_str(),
                 static_cast<long long>(row.size));
    for (size_t k = 0; k < months && k < 13; ++k) {
      if (k < row.retention.size()) {
        std::fprintf(out, " %4.0f%%", 100 * row.retention[k]);
      } else {
        std::fprintf(out, " %5s", "");
      }
    }
    std::fprintf(out, " %16s\n", Money(row.total_revenue_minor, e).c_str());
  }
}

void PrintModel(const analytics::FittedModel& model, std::FILE* out) {
  std::fprintf(out, "model %s, log-likelihood %.2f\n",
               std::string(analytics::ModelKindName(model.kind)).c_str(), model.log_likelihood);
  for (size_t i = 0; i < model.params.size(); ++i) {
    std::fprintf(out, "  %-6s %12.4f", model.params[i].name.c_str(), model.params[i].value);
    if (i < model.std_errors.size()) std::fprintf(out, "  (se %.4f)", model.std_errors[i].value);
    std::fprintf(out, "\n");
  }
  if (!model.message.empty()) std::fprintf(out, "note: %s\n", model.message.c_str());
}

void PrintChurn(const ComputedReport& report, std::FILE* out) {
  const int e = report.data.currency_exponent;
  std::fprintf(out, "%-10s %10s %16s %12s\n", "band", "customers", "revenue", "mean P(alive)");
  for (const auto& b : report.churn->bands) {
    std::fprintf(out, "%-10s %10lld %16s %12.3f\n",
                 std::string(analytics::ChurnBandName(b.band)).c_str(),
                 static_cast<long long>(b.customers), Money(b.revenue_minor, e).c_str(),
                 b.mean_p_alive);
  }
  std::fprintf(out, "\nrevenue at risk (cooling + at risk): %s\n\n",
               Money(report.churn->revenue_at_risk_minor, e).c_str());
  PrintModel(report.churn_fit->model, out);
}

void PrintClv(const ComputedReport& report, std::FILE* out) {
  const auto& clv = *report.clv;
  PrintModel(clv.purchases.model, out);
  std::fprintf(out, "spend (Gamma-Gamma) p %.4f, q %.4f, gamma %.4f on %.0f repeat customers, "
                    "log-likelihood %.2f\n",
               clv.spend.params.p, clv.spend.params.q, clv.spend.params.gamma, clv.spend.customers,
               clv.spend.log_likelihood);
  double purchases = 0;
  for (double p : clv.scores.expected_purchases) purchases += p;
  // The same total as the JSON's: the sum of every customer's CLV in minor units.
  const auto value = analytics::TotalMinor(clv.scores.clv, report.data.currency_exponent);
  std::fprintf(out, "next %d weeks: %.1f expected purchases, CLV %s %s in all\n",
               report.clv_options.horizon_weeks, purchases,
               value ? Money(*value, report.data.currency_exponent).c_str() : "unknown",
               report.data.currency.c_str());
  if (!clv.holdout) return;
  const auto& h = *clv.holdout;
  std::fprintf(out, "\nholdout (%.1f weeks): actual %.0f, predicted %.1f purchases\n", h.weeks,
               h.actual, h.predicted);
  std::fprintf(out, "%-10s %10s %10s %10s\n", "frequency", "customers", "actual", "predicted");
  for (const auto& b : h.by_frequency) {
    std::fprintf(out, "%-10s %10.0f %10.0f %10.1f\n",
                 (std::to_string(b.frequency) + (b.frequency == 7 ? "+" : "")).c_str(), b.customers,
                 b.actual, b.predicted);
  }
}

// An output buffer flushed in large writes to a FILE or, without one, kept in memory as a
// list of full buffers for writing later.
class CsvBuffer {
 public:
  explicit CsvBuffer(std::FILE* file) : file_(file), data_(kSize) {}
  bool ok() const { return ok_; }
  void Text(std::string_view text) {
    Reserve(text.size());
    std::memcpy(data_.data() + used_, text.data(), text.size());
    used_ += text.size();
  }
  void Number(double value, int decimals) {
    Reserve(64);
    const auto r = FormatFixed(data_.data() + used_, data_.data() + used_ + 64, value, decimals);
    used_ = r.ptr - data_.data();
  }
  // An estimate of money in major units as "decimal,minor" (core/money.h's EstimateToMinor),
  // or "," when it is not finite.
  void Money(double major, int exponent) {
    const std::optional<int64_t> minor = EstimateToMinor(major, exponent);
    Reserve(64);
    char* p = data_.data() + used_;
    char* const end = p + 64;
    if (minor) p = ScaledDecimalToChars(p, end, *minor, exponent).ptr;
    *p++ = ',';
    if (minor) p = std::to_chars(p, end, *minor).ptr;
    used_ = p - data_.data();
  }
  void Char(char c) {
    Reserve(1);
    data_[used_++] = c;
  }
  void Flush() {
    if (used_ == 0) return;
    if (file_ == nullptr) {
      data_.resize(used_);
      kept_.push_back(std::move(data_));
      data_.assign(kSize, 0);
    } else if (std::fwrite(data_.data(), 1, used_, file_) != used_) {
      ok_ = false;
    }
    used_ = 0;
  }
  // Writes what a file-less buffer kept (after its Flush) through this one, and frees it.
  void Drain(CsvBuffer& kept) {
    Flush();
    for (const std::vector<char>& block : kept.kept_) {
      if (std::fwrite(block.data(), 1, block.size(), file_) != block.size()) ok_ = false;
    }
    kept.kept_.clear();
  }

 private:
  static constexpr size_t kSize = 1 << 20;
  void Reserve(size_t n) {
    if (used_ + n > data_.size()) Flush();
    if (n > data_.size()) data_.resize(n);
  }
  std::FILE* file_;
  std::vector<char> data_;
  std::vector<std::vector<char>> kept_;
  size_t used_ = 0;
  bool ok_ = true;
};

// Appends CSV rows [begin, end) of a CLV report to `out`.
// One pass over the bytes: string_view::find_first_of searches once per character of the id.
bool NeedsQuoting(std::string_view field) {
  return std::any_of(field.begin(), field.end(),
                     [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; });
}

void AppendCustomerRows(const ComputedReport& report, size_t begin, size_t end, CsvBuffer& out) {
  const auto& columns = report.clv->purchases.columns;
  const auto& scores = report.clv->scores;
  const auto& stats = report.data.stats;
  const int exponent = report.data.currency_exponent;
  for (size_t i = begin; i < end; ++i) {
    // Ids come from CSV fields and may hold commas or quotes: quote those (RFC 4180).
    const std::string_view id = report.data.ids.Id(stats.customer[i]);
    if (!NeedsQuoting(id)) {
      out.Text(id);
    } else {
      out.Char('"');
      for (char c : id) {
        if (c == '"') out.Char('"');
        out.Char(c);
      }
      out.Char('"');
    }
    // Counts as integers, estimates as plain decimals, money as "decimal,minor".
    const double values[] = {columns.frequency[i], columns.recency[i], columns.age[i]};
    constexpr int kDecimals[] = {0, 4, 4};
    for (size_t k = 0; k < 3; ++k) {
      out.Char(',');
      out.Number(values[k], kDecimals[k]);
    }
    out.Char(',');
    out.Money(columns.monetary[i], exponent);
    out.Char(',');
    out.Number(scores.p_alive[i], 6);
    out.Char(',');
    out.Number(scores.expected_purchases[i], 6);
    out.Char(',');
    out.Money(scores.expected_spend[i], exponent);
    out.Char(',');
    out.Money(scores.clv[i], exponent);
    out.Char(',');
    out.Text(report.data.currency);
    out.Char('\n');
  }
}

}  // namespace

void PrintReportText(const ComputedReport& report, std::FILE* out) {
  PrintHeader(report, out);
  switch (report.kind) {
    case analytics::ReportKind::kRfm:
      return PrintRfm(report, out);
    case analytics::ReportKind::kPareto:
      return PrintPareto(report, out);
    case analytics::ReportKind::kCohorts:
      return PrintCohorts(report, out);
    case analytics::ReportKind::kChurn:
      return PrintChurn(report, out);
    case analytics::ReportKind::kClv:
      return PrintClv(report, out);
  }
}

Status WriteCustomersCsv(const ComputedReport& report, const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!file) return Unavailable("cannot write " + path + ": " + std::strerror(errno));
  CsvBuffer out(file.get());
  out.Text(kCustomersCsvHeader);
  out.Char('\n');
  // Formatting numbers is most of the work: a second thread formats the second half of
  // each slice into memory while this one formats and writes the first half. Slices keep
  // that memory to a few MB.
  constexpr size_t kSliceRows = 1 << 17;
  const size_t n = report.data.stats.size();
  for (size_t begin = 0; begin < n; begin += kSliceRows) {
    const size_t end = std::min(n, begin + kSliceRows), middle = begin + (end - begin) / 2;
    CsvBuffer second(nullptr);
    {
      std::jthread helper([&] {
        AppendCustomerRows(report, middle, end, second);
        second.Flush();
      });
      AppendCustomerRows(report, begin, middle, out);
    }
    out.Drain(second);
  }
  out.Flush();
  if (!out.ok() || std::fflush(file.get()) != 0) {
    return Unavailable("cannot write " + path + ": " + std::strerror(errno));
  }
  return {};
}

}  // namespace loyal::app
