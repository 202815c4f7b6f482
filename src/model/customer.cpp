#include "itsm/model/customer.hpp"

namespace itsm::model {

const kind_def<customer>& customer::def() {
  static const auto k = kind_def<customer>("customer", 1, &customer::id)
                            .field("name", &customer::name)
                            .field("description", &customer::description)
                            .field("contact", &customer::contact)
                            .index("by_name", {"name"});
  return k;
}

std::vector<violation> customer::check() const {
  std::vector<violation> v;
  if (name.find_first_not_of(" \t\r\n") == std::string::npos) v.push_back({"R-7.1-parties", "a customer needs a name"});
  return v;
}

}  // namespace itsm::model
