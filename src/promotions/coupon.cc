#include "promotions/coupon.h"

#include "core/hashing.h"

namespace loyal::promotions {

Result<std::string> NewCouponCode() {
  LOY_ASSIGN_OR_RETURN(std::string chars, RandomCode(kCouponCodeChars, kCouponAlphabet));
  return std::string(kCouponPrefix) + chars;
}

}  // namespace loyal::promotions
