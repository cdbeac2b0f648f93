// OrdersCsvWriter: a DemoSink that writes the generated history as an orders-csv file
// (docs/orders-csv.md), the input of the analytics benchmarks. One line per order line;
// the customer's e-mail only on their first line (the column is optional, and repeating
// it would add a third to the file). Returns are not part of the layout and are left out.
// Output is buffered in large blocks, so writing millions of rows costs little more than
// generating them.
//
// Thread-safety: none.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "importer/demo_generator.h"

namespace loyal::importer {

class OrdersCsvWriter final : public DemoSink {
 public:
  // Creates (or truncates) `path` and writes the header. Errors: unavailable.
  [[nodiscard]] static Result<std::unique_ptr<OrdersCsvWriter>> Create(const std::string& path,
                                                                       const Currency& currency);
  ~OrdersCsvWriter() override;

  Status OnCatalog(const std::vector<DemoProduct>& products) override;
  Status OnCustomer(const DemoCustomer& customer, const std::vector<DemoOrder>& orders,
                    const std::vector<DemoReturn>& returns) override;

  // Flushes and closes the file; unavailable on a write error (a full disk).
  [[nodiscard]] Status Close();

 private:
  OrdersCsvWriter(std::string path, std::FILE* file, const Currency& currency);
  void Append(std::string_view text) { buffer_.append(text); }
  [[nodiscard]] Status FlushIfFull(bool force);

  std::string path_;
  std::FILE* file_;
  Currency currency_;
  std::string buffer_;
  const DemoProduct* catalog_ = nullptr;
  std::vector<std::string> prices_;  // each catalog price formatted once
};

}  // namespace loyal::importer
