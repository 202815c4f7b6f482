// Defaults of the SPI's optional methods (backend.hpp): what an adapter inherits when it does
// not override them.
#include "itsm/storage/backend.hpp"

#include "itsm/core/error.hpp"

namespace itsm::storage {

void transaction::for_each(std::string_view kind, const record_visitor& visit) {
  // Pages in id order, each page starting after the last id seen: bounded memory, and correct
  // in any adapter whose scan() honours the SPI (no stable cursor needed).
  constexpr std::size_t page_size = 256;
  query q;
  q.kind = std::string(kind);
  q.limit = page_size;
  for (;;) {
    const auto page = scan(q);
    for (const auto& r : page)
      if (!visit(r.id, r.revision, r.values)) return;
    if (page.size() < page_size) return;
    q.where.assign(1, condition{"id", cmp::gt, value(page.back().id), {}});
  }
}

std::vector<std::string> backend::kinds() const {
  throw_error(errc::unsupported, "this storage adapter does not list its kinds (backend::kinds)");
}

}  // namespace itsm::storage
