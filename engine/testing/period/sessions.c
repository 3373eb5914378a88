/* sessions.c - the period engine's connection table (PERIOD_SESSIONS): a
 * session per connection, made in the ON_CONNECT callback, kept in the
 * cookie's engine-specific slot and in a list, counted by get_stats (a
 * "sessions" stat, as 2010 engines reported their clients), dropped in the
 * ON_DISCONNECT callback. Built twice:
 *   period_sessions        - drops a session when its connection closes;
 *   period_sessions_stale  - PERIOD_SESSIONS_STALE: forgets to, so a later
 *                            get_stats asks the core about a cookie that is
 *                            gone (memcached's conn_close returns the conn
 *                            to its cache, to be reused). Only get_stats
 *                            after a disconnect shows it. */
#include <stdlib.h>

#include "period_engine.h"

struct period_session {
    const void *cookie;
    struct period_session *next;
};

static void on_connect(const void *cookie, ENGINE_EVENT_TYPE type,
                       const void *event_data, const void *cb_data) {
    struct period_engine *engine = (struct period_engine *)cb_data;
    struct period_session *s = calloc(1, sizeof(*s));
    (void)type;
    (void)event_data;
    if (s == NULL) {
        return;
    }
    s->cookie = cookie;
    pthread_mutex_lock(&engine->sessions_lock);
    s->next = engine->sessions;
    engine->sessions = s;
    pthread_mutex_unlock(&engine->sessions_lock);
    engine->server.cookie->store_engine_specific(cookie, s);
}

static void on_disconnect(const void *cookie, ENGINE_EVENT_TYPE type,
                          const void *event_data, const void *cb_data) {
    struct period_engine *engine = (struct period_engine *)cb_data;
    (void)type;
    (void)event_data;
#ifdef PERIOD_SESSIONS_STALE
    (void)engine;
    (void)cookie;
#else
    struct period_session **at;
    pthread_mutex_lock(&engine->sessions_lock);
    for (at = &engine->sessions; *at != NULL; at = &(*at)->next) {
        if ((*at)->cookie == cookie) {
            struct period_session *gone = *at;
            *at = gone->next;
            free(gone);
            break;
        }
    }
    pthread_mutex_unlock(&engine->sessions_lock);
    engine->server.cookie->store_engine_specific(cookie, NULL);
#endif
}

void sessions_init(struct period_engine *engine) {
    pthread_mutex_init(&engine->sessions_lock, NULL);
    engine->sessions = NULL;
    engine->server.callback->register_callback((ENGINE_HANDLE *)engine,
                                               ON_CONNECT, on_connect, engine);
    engine->server.callback->register_callback((ENGINE_HANDLE *)engine,
                                               ON_DISCONNECT, on_disconnect,
                                               engine);
}

/* A session counts when its cookie still holds it. */
void sessions_stats(struct period_engine *engine, ADD_STAT add_stat,
                    const void *cookie) {
    struct period_session *s;
    unsigned int live = 0;
    pthread_mutex_lock(&engine->sessions_lock);
    for (s = engine->sessions; s != NULL; s = s->next) {
        if (engine->server.cookie->get_engine_specific(s->cookie) == s) {
            ++live;
        }
    }
    pthread_mutex_unlock(&engine->sessions_lock);
    add_statistics(cookie, add_stat, NULL, -1, "sessions", "%u", live);
}

void sessions_destroy(struct period_engine *engine) {
    while (engine->sessions != NULL) {
        struct period_session *s = engine->sessions;
        engine->sessions = s->next;
        free(s);
    }
    pthread_mutex_destroy(&engine->sessions_lock);
}
