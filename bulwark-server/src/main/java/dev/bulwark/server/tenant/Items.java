package dev.bulwark.server.tenant;

import java.util.List;

/** The envelope of every list answer: {@code {"items": [...]}}, so fields can be added later (paging). */
record Items<T>(List<T> items) {
}
