package com.bl1nk.task.tasks;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.contracts.task.CreateTaskRequest;
import com.bl1nk.contracts.task.TaskResponse;
import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST API for tasks: create (idempotent), get with steps, list by cursor, cancel. */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskController {

    private final TaskService tasks;

    TaskController(TaskService tasks) {
        this.tasks = tasks;
    }

    @Requires(Permission.TASKS_WRITE)
    @PostMapping
    ResponseEntity<String> create(
            Identity identity,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @Valid @RequestBody CreateTaskRequest request) {
        requireWriter(identity);
        TaskService.Created created = tasks.create(identity, request, idempotencyKey);
        return ResponseEntity.status(created.status())
                .contentType(MediaType.APPLICATION_JSON)
                .body(created.body());
    }

    @Requires(Permission.TASKS_READ)
    @GetMapping("/{id}")
    TaskResponse get(Identity identity, @PathVariable UUID id) {
        return tasks.get(identity.tenantId(), id);
    }

    @Requires(Permission.TASKS_READ)
    @GetMapping
    Page<TaskResponse> list(
            Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String status) {
        int size = PageRequests.limit(limit);
        TaskStatus filter = parseStatus(status);
        Page<TaskRecord> page = Page.of(
                tasks.list(identity.tenantId(), Cursors.decode(cursor), filter, size + 1),
                size,
                t -> Cursors.encode(t.createdAt(), t.id()));
        return new Page<>(
                page.items().stream().map(t -> TaskResponses.of(t, null, null)).toList(), page.nextCursor());
    }

    @Requires(Permission.TASKS_WRITE)
    @PostMapping("/{id}/cancel")
    TaskResponse cancel(Identity identity, @PathVariable UUID id) {
        requireWriter(identity);
        return tasks.cancel(identity.tenantId(), identity.principal(), id, "cancelled by " + identity.principal());
    }

    private static TaskStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return TaskStatus.fromWire(status);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(
                    "status",
                    "must be one of "
                            + List.of(TaskStatus.values()).stream()
                                    .map(TaskStatus::wire)
                                    .toList());
        }
    }

    private static void requireWriter(Identity identity) {}
}
