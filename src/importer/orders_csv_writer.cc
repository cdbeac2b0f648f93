#include "importer/orders_csv_writer.h"

#include <date/date.h>

#include <cerrno>
#include <cstring>

namespace loyal::importer {
namespace {

constexpr size_t kFlushAt = 1 << 20;

void Digits(int value, int width, char* out) {
  for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
}

// "YYYY-MM-DD HH:MM" into `out` (16 characters).
void FormatMinute(int64_t seconds, char* out) {
  int64_t day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  auto in_day = static_cast<int>(seconds - day * 86400);
  date::year_month_day ymd{date::sys_days{date::days{day}}};
  Digits(static_cast<int>(ymd.year()), 4, out);
  Digits(static_cast<int>(static_cast<unsigned>(ymd.month())), 2, out + 5);
  Digits(static_cast<int>(static_cast<unsigned>(ymd.day())), 2, out + 8);
  Digits(in_day / 3600, 2, out + 11);
  Digits(in_day / 60 % 60, 2, out + 14);
  out[4] = out[7] = '-';
  out[10] = ' ';
  out[13] = ':';
}

// A price in the currency's own decimals when it has no finer part ("12.99"), else in full.
std::string FormatPrice(int64_t micros, const Currency& currency) {
  int64_t step = 1;
  for (int i = currency.exponent(); i < 6; ++i) step *= 10;
  if (micros % step == 0) return FormatScaledDecimal(micros / step, currency.exponent());
  return FormatScaledDecimal(micros, 6);
}

}  // namespace

Result<std::unique_ptr<OrdersCsvWriter>> OrdersCsvWriter::Create(const std::string& path,
                                                                 const Currency& currency) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return Unavailable(path + ": " + std::strerror(errno));
  std::unique_ptr<OrdersCsvWriter> writer(new OrdersCsvWriter(path, file, currency));
  writer->Append("order_id,customer_id,email,placed_at,sku,quantity,unit_price,currency\n");
  return writer;
}

OrdersCsvWriter::OrdersCsvWriter(std::string path, std::FILE* file, const Currency& currency)
    : path_(std::move(path)), file_(file), currency_(currency) {
  buffer_.reserve(kFlushAt + 4096);
}

OrdersCsvWriter::~OrdersCsvWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

Status OrdersCsvWriter::OnCatalog(const std::vector<DemoProduct>& products) {
  prices_.clear();
  catalog_ = products.data();
  for (const DemoProduct& p : products) prices_.push_back(FormatPrice(p.price_micros, currency_));
  return {};
}

Status OrdersCsvWriter::OnCustomer(const DemoCustomer& customer,
                                   const std::vector<DemoOrder>& orders,
                                   const std::vector<DemoReturn>&) {
  bool first_line = true;
  char when[16];
  for (const DemoOrder& order : orders) {
    FormatMinute(order.placed_at, when);
    for (const DemoLine& line : order.lines) {
      Append(order.external_id);
      Append(",");
      Append(customer.external_id);
      Append(",");
      if (first_line) Append(customer.email);
      first_line = false;
      Append(",");
      Append(std::string_view(when, 16));
      Append(",");
      Append(line.product->sku);
      Append(",");
      Append(std::to_string(line.quantity));
      Append(",");
      // Lines point into the catalog given to OnCatalog, so the offset is the index.
      Append(prices_[static_cast<size_t>(line.product - catalog_)]);
      Append(",");
      Append(currency_.code());
      Append("\n");
    }
  }
  return FlushIfFull(false);
}

Status OrdersCsvWriter::FlushIfFull(bool force) {
  if (buffer_.size() < kFlushAt && !force) return {};
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    return Unavailable(path_ + ": " + std::strerror(errno));
  }
  buffer_.clear();
  return {};
}

Status OrdersCsvWriter::Close() {
  LOY_RETURN_IF_ERROR(FlushIfFull(true));
  std::FILE* file = file_;
  file_ = nullptr;
  if (std::fclose(file) != 0) return Unavailable(path_ + ": " + std::strerror(errno));
  return {};
}

}  // namespace loyal::importer
