// Coupons: single-use codes a customer redeems on an order, each worth a fixed value (an
// amount off per currency, a percentage off, a free product, free shipping, a donation)
// copied from what issued it (today a reward of the catalog; the promotions engine later
// issues its own). A coupon belongs to one customer, is valid over [valid_from,
// valid_until), and is issued, then redeemed by one order or cancelled, once.
//
// A code is kCouponPrefix and 12 characters of an alphabet without look-alikes (no 0/O,
// 1/I/L), typed by people from an e-mail or a receipt; 31^12 codes make one unguessable.
// Values and pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/enum_names.h"
#include "core/error.h"
#include "core/time.h"

namespace loyal::promotions {

inline constexpr std::string_view kCouponPrefix = "LOY-";
inline constexpr std::string_view kCouponAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr size_t kCouponCodeChars = 12;

enum class CouponKind { kAmountOff, kPercentOff, kFreeProduct, kFreeShipping, kDonation };
enum class CouponState { kIssued, kRedeemed, kCancelled };

struct CouponValue {
  CouponKind kind = CouponKind::kAmountOff;
  std::map<std::string, int64_t> amount_minor;  // amount_off, donation: per currency
  std::optional<int64_t> percent_off;           // percent_off
  std::optional<std::string> sku;               // free_product
  std::optional<std::string> cause;             // donation
  bool operator==(const CouponValue&) const = default;
};

struct Coupon {
  int64_t customer_id = 0;
  int64_t coupon_id = 0;  // internal; never shown outside
  std::string code;       // public
  CouponValue value;
  std::string source;  // what issued it: "reward:<code>"
  CouponState state = CouponState::kIssued;
  Timestamp valid_from;
  Timestamp valid_until;                 // exclusive
  std::optional<std::string> order_ref;  // the order that redeemed it
  Timestamp created_at;
  std::optional<Timestamp> resolved_at;  // when it was redeemed or cancelled
};

// A fresh random code. Errors: internal when the random source fails.
[[nodiscard]] Result<std::string> NewCouponCode();

// Wire names.
inline constexpr EnumName<CouponKind> kCouponKindNames[] = {
    {CouponKind::kAmountOff, "amount_off"},
    {CouponKind::kPercentOff, "percent_off"},
    {CouponKind::kFreeProduct, "free_product"},
    {CouponKind::kFreeShipping, "free_shipping"},
    {CouponKind::kDonation, "donation"}};
inline constexpr EnumName<CouponState> kCouponStateNames[] = {
    {CouponState::kIssued, "issued"},
    {CouponState::kRedeemed, "redeemed"},
    {CouponState::kCancelled, "cancelled"}};

}  // namespace loyal::promotions
