// Transactions as column arrays, the input of every analytics kernel: row i is a purchase
// (or, with a negative amount, a refund) by dense customer index customer[i] on calendar
// day day[i] for amount_minor[i] minor units. Readers of files and of the store fill it;
// kernels only read it. A value type; not synchronised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/time.h"

namespace loyal::analytics {

// A read-only view of transaction columns; all three spans have the same length and every
// customer[i] is < customers.
struct TransactionView {
  std::span<const uint32_t> customer;
  std::span<const DayNumber> day;
  std::span<const int64_t> amount_minor;
  uint32_t customers = 0;

  size_t size() const { return customer.size(); }
};

// Owning column arrays, appended row by row.
class TransactionColumns {
 public:
  void Reserve(size_t rows) {
    customer_.reserve(rows);
    day_.reserve(rows);
    amount_minor_.reserve(rows);
  }
  void Add(uint32_t customer, DayNumber day, int64_t amount_minor) {
    customer_.push_back(customer);
    day_.push_back(day);
    amount_minor_.push_back(amount_minor);
    if (customer >= customers_) customers_ = customer + 1;
  }
  // Appends `other`'s rows with each customer index c replaced by remap[c].
  void AppendRemapped(const TransactionColumns& other, std::span<const uint32_t> remap);

  size_t size() const { return customer_.size(); }
  uint32_t customers() const { return customers_; }
  // Makes the customer count at least `n` (customers with no rows still count).
  void SetCustomers(uint32_t n) {
    if (n > customers_) customers_ = n;
  }
  TransactionView View() const { return {customer_, day_, amount_minor_, customers_}; }

 private:
  std::vector<uint32_t> customer_;
  std::vector<DayNumber> day_;
  std::vector<int64_t> amount_minor_;
  uint32_t customers_ = 0;
};

// Each customer's total amount over the rows on or before `through` (size rows.customers);
// used for refunds, which reduce revenue but are not purchases.
std::vector<int64_t> SumByCustomer(const TransactionView& rows, DayNumber through);

}  // namespace loyal::analytics
