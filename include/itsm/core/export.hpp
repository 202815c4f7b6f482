// ITSM_API marks what the shared libraries export: the public classes and the functions declared
// in include/itsm/** and defined in the library. Everything else is compiled with hidden
// visibility (-fvisibility=hidden), so internals never become ABI (docs/architecture.md, "Shared
// libraries and the ABI"). Thread-safety: not applicable (a macro).
//
// The layers' objects are compiled once and linked both into the static layer libraries and into
// libitsm.so, so the macro means the same in both: on a static link it changes nothing.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define ITSM_API __attribute__((visibility("default")))
#else
#define ITSM_API
#endif
