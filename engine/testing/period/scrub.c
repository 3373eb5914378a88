/* scrub.c - the SCRUB command (PROTOCOL_BINARY_CMD_SCRUB, 0xf0), as
 * memcached's default engine answers it through unknown_command: start a
 * thread that removes every expired or flushed item, answer at once, and
 * EBUSY while a pass is under way. Its destroy freed the cache lock under a
 * scrubber still running (a thread and a lock left behind); here destroy
 * waits for the pass and joins the thread. */
#include "period_engine.h"

static void *scrubber_main(void *arg) {
    struct period_engine *engine = arg;
    item_scrub(engine);
    pthread_mutex_lock(&engine->scrubber.lock);
    engine->scrubber.running = false;
    pthread_mutex_unlock(&engine->scrubber.lock);
    return NULL;
}

void scrub_init(struct period_engine *engine) {
    pthread_mutex_init(&engine->scrubber.lock, NULL);
    engine->scrubber.running = false;
    engine->scrubber.started = false;
}

protocol_binary_response_status scrub_start(struct period_engine *engine) {
    protocol_binary_response_status status = PROTOCOL_BINARY_RESPONSE_SUCCESS;
    pthread_mutex_lock(&engine->scrubber.lock);
    if (engine->scrubber.running) {
        status = PROTOCOL_BINARY_RESPONSE_EBUSY;
    } else {
        if (engine->scrubber.started) {
            /* The last pass is over (running is false): reap its thread. */
            pthread_join(engine->scrubber.thread, NULL);
            engine->scrubber.started = false;
        }
        if (pthread_create(&engine->scrubber.thread, NULL, scrubber_main, engine) == 0) {
            engine->scrubber.running = true;
            engine->scrubber.started = true;
        } else {
            status = PROTOCOL_BINARY_RESPONSE_ENOMEM;
        }
    }
    pthread_mutex_unlock(&engine->scrubber.lock);
    return status;
}

void scrub_destroy(struct period_engine *engine) {
    pthread_mutex_lock(&engine->scrubber.lock);
    const bool started = engine->scrubber.started;
    engine->scrubber.started = false;
    pthread_mutex_unlock(&engine->scrubber.lock);
    if (started) {
        pthread_join(engine->scrubber.thread, NULL);
    }
    pthread_mutex_destroy(&engine->scrubber.lock);
}
