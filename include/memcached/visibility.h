/* visibility.h - how an engine marks the symbols the core looks up. */
#ifndef MEMCACHED_VISIBILITY_H
#define MEMCACHED_VISIBILITY_H

/* Engines are built with hidden visibility by default; the one symbol the
 * core needs (create_instance) is exported with this marker. */
#if defined(__GNUC__) || defined(__clang__)
#define MEMCACHED_PUBLIC_API __attribute__((visibility("default")))
#else
#define MEMCACHED_PUBLIC_API
#endif

#endif
