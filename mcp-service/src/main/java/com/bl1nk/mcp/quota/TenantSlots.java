package com.bl1nk.mcp.quota;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Counts things a tenant holds at once (stdio server processes) against a limit. A slot is taken before the thing is
 * started and is held until it is released or, once a process is attached, until that process exits: a process that
 * dies on its own frees its slot, and a process that is still alive keeps it even after its session gave up on it.
 */
public final class TenantSlots {

    private final int limit;
    private final IntFunction<? extends RuntimeException> refusal;
    private final Map<UUID, Set<Slot>> held = new HashMap<>();

    /**
     * @param limit slots one tenant may hold at once
     * @param refusal the exception (given the limit) thrown when a tenant is at its limit
     */
    public TenantSlots(int limit, IntFunction<? extends RuntimeException> refusal) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.limit = limit;
        this.refusal = refusal;
    }

    /** Slots without a limit (a connector built without a quota, e.g. in unit tests): never refuses. */
    public static TenantSlots unlimited() {
        return new TenantSlots(Integer.MAX_VALUE, limit -> new IllegalStateException("unreachable"));
    }

    /** Takes a slot of {@code tenantId}, or throws the refusal when the tenant already holds {@code limit}. */
    public synchronized Slot acquire(UUID tenantId) {
        Set<Slot> slots = held.computeIfAbsent(tenantId, id -> new HashSet<>());
        slots.removeIf(slot -> !slot.holds());
        if (slots.size() >= limit) {
            throw refusal.apply(limit);
        }
        Slot slot = new Slot(tenantId);
        slots.add(slot);
        return slot;
    }

    /** Slots {@code tenantId} holds now. */
    public synchronized int held(UUID tenantId) {
        Set<Slot> slots = held.get(tenantId);
        if (slots == null) {
            return 0;
        }
        slots.removeIf(slot -> !slot.holds());
        return slots.size();
    }

    public int limit() {
        return limit;
    }

    private synchronized void remove(Slot slot) {
        Set<Slot> slots = held.get(slot.tenantId);
        if (slots != null) {
            slots.remove(slot);
            if (slots.isEmpty()) {
                held.remove(slot.tenantId);
            }
        }
    }

    /** One held slot; {@link #release()} and {@link #holdUntilExit(ProcessHandle)} may be called any number of times. */
    public final class Slot {

        private final UUID tenantId;
        private volatile ProcessHandle process;
        private volatile boolean released;

        private Slot(UUID tenantId) {
            this.tenantId = tenantId;
        }

        /** Keeps the slot exactly as long as {@code process} lives (freed when it exits, whoever ends it). */
        public void holdUntilExit(ProcessHandle process) {
            if (released) {
                return;
            }
            this.process = process;
            process.onExit().thenRun(this::release);
        }

        /** Frees the slot now (nothing was started, or what was started is gone). */
        public void release() {
            released = true;
            remove(this);
        }

        boolean holds() {
            ProcessHandle p = process;
            return !released && (p == null || p.isAlive());
        }
    }
}
