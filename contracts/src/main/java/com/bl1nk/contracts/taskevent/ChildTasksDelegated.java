package com.bl1nk.contracts.taskevent;

import java.util.List;
import java.util.UUID;

/**
 * The task handed sub-tasks to other agents and sleeps until they end.
 *
 * @param seq the delegation step's sequence number
 * @param children the child tasks started
 * @param budgetPerChildUsd each child's budget, a plain decimal string
 */
public record ChildTasksDelegated(int seq, List<Child> children, String budgetPerChildUsd) implements TaskEvent {

    public static final String TYPE = "delegated";

    public ChildTasksDelegated {
        children = children == null ? List.of() : List.copyOf(children);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * One child task.
     *
     * @param agent the agent's name
     */
    public record Child(UUID taskId, String agent) {}
}
