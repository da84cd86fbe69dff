package io.vidfleet.api;

/** What a handler answers: a status and a body written as JSON; {@code location} for 201 Created. */
record Reply(int status, Object body, String location) {
    static Reply ok(Object body) {
        return new Reply(200, body, null);
    }

    static Reply created(Object body, String location) {
        return new Reply(201, body, location);
    }
}
