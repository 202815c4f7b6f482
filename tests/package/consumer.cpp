// Links against the installed itsm and runs one audited write through the public API.
#include <itsm/process/sms.hpp>
#include <itsm/storage/memory.hpp>
#ifdef CONSUMER_HAS_POSTGRES
#include <itsm/storage/postgres.hpp>  // compiles without libpq-fe.h on the include path
#include <itsm/storage/registry.hpp>
#endif

#include <algorithm>
#include <iostream>

int main() {
  itsm::sms system(itsm::storage::make_memory_backend(),
                   itsm::sms_options{nullptr, std::make_shared<itsm::allow_all>(), nullptr, {}});
  itsm::actor who{"consumer", {}};
  system.configuration().define_type(who, itsm::model::ci_type{"box", 0, "", "A box", {}, {}});
  const auto check = system.verify_audit();
  std::cout << "consumer: " << system.configuration().types(who).size() << " type(s), audit "
            << (check.ok ? "verified" : "BROKEN") << " (" << check.entries << " entries)\n";
#ifdef CONSUMER_HAS_POSTGRES
  itsm::storage::register_postgres();
  const auto schemes = itsm::storage::registered_schemes();
  if (std::find(schemes.begin(), schemes.end(), "postgresql") == schemes.end()) return 1;
  std::cout << "consumer: the postgresql scheme is registered\n";
#endif
  // Five entries seed the new store's policies, the sixth is the type.
  return check.ok && check.entries == 6 ? 0 : 1;
}
