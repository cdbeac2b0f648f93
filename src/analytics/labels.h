// Label: the two names of a category the reports assign (an RFM segment, a churn band): a
// slug for the API, the saved analytics and filters ("cant_lose"), and a display name for
// people ("Can't Lose": the CLI's tables, a dashboard's legend). Each category's labels are
// one table in its .cc file, exposed through its header. Values; thread-safe.
#pragma once

#include <string_view>

namespace loyal::analytics {

struct Label {
  std::string_view slug;
  std::string_view name;
};

}  // namespace loyal::analytics
