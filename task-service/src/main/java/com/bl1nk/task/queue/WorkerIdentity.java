package com.bl1nk.task.queue;

import com.bl1nk.common.stream.StreamWorkerSpec;
import org.springframework.stereotype.Component;

/** This process's name as a task worker: its stream consumer name and the owner written on the leases it holds. */
@Component
class WorkerIdentity {

    private final String name = StreamWorkerSpec.defaultConsumerName();

    String name() {
        return name;
    }
}
