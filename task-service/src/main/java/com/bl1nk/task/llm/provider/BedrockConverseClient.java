package com.bl1nk.task.llm.provider;

import com.bl1nk.common.net.UrlBlockedException;
import com.bl1nk.common.net.UrlGuard;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * AWS Bedrock through the Converse and ConverseStream APIs with the AWS SDK v2 (SigV4 signing, region, default
 * credentials chain or static keys, optional endpoint override for a local fake). SDK retries are off: the call
 * engine owns retries and failover.
 */
final class BedrockConverseClient implements ProviderClient, AutoCloseable {

    private final UrlGuard urlGuard;
    private final BedrockTranslation translation;
    private final JsonMapper json;
    private final Duration connectTimeout;
    private final Map<String, Clients> clients = new ConcurrentHashMap<>();

    BedrockConverseClient(UrlGuard urlGuard, JsonMapper json, Duration connectTimeout) {
        this.urlGuard = urlGuard;
        this.translation = new BedrockTranslation(json);
        this.json = json;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public boolean supports(ProviderKind kind) {
        return kind == ProviderKind.BEDROCK;
    }

    @Override
    public ObjectNode complete(ProviderConfig provider, ObjectNode request, CallTimeouts timeouts) {
        BedrockTranslation.ConverseParts parts = translation.toConverse(request);
        String model = request.path("model").asString();
        ConverseRequest.Builder converse = ConverseRequest.builder()
                .modelId(model)
                .messages(parts.messages())
                .system(parts.system())
                .inferenceConfig(parts.inference())
                .overrideConfiguration(o -> o.apiCallTimeout(timeouts.total()));
        if (parts.tools() != null) {
            converse.toolConfig(parts.tools());
        }
        ConverseResponse response;
        try {
            response = clients(provider).sync.converse(converse.build());
        } catch (SdkException e) {
            throw classify(e);
        }
        return translation.toCompletion(
                response, model, "chatcmpl-" + UUID.randomUUID(), System.currentTimeMillis() / 1000);
    }

    @Override
    public ChatStream stream(ProviderConfig provider, ObjectNode request, CallTimeouts timeouts) {
        BedrockTranslation.ConverseParts parts = translation.toConverse(request);
        String model = request.path("model").asString();
        ConverseStreamRequest.Builder converse = ConverseStreamRequest.builder()
                .modelId(model)
                .messages(parts.messages())
                .system(parts.system())
                .inferenceConfig(parts.inference());
        if (parts.tools() != null) {
            converse.toolConfig(parts.tools());
        }
        BedrockStream stream = new BedrockStream(model, timeouts);
        CompletableFuture<Void> call;
        try {
            call = clients(provider).async.converseStream(converse.build(), stream.handler());
        } catch (SdkException e) {
            throw classify(e);
        }
        stream.attach(call);
        stream.awaitAccepted();
        return stream;
    }

    private Clients clients(ProviderConfig provider) {
        if (provider.tenantOwned()
                && provider.baseUrl() != null
                && !provider.baseUrl().isBlank()) {
            // Asked on every call, not once per cached client: the endpoint's name may resolve elsewhere by now (DNS
            // rebinding). The SDK's connections resolve through the same JVM address cache right after this check.
            try {
                urlGuard.check(provider.baseUrl());
            } catch (UrlBlockedException e) {
                throw UpstreamFailure.badResponse("provider URL refused: " + e.detail());
            }
        }
        String key = provider.key() + "|"
                + Objects.hash(
                        provider.baseUrl(),
                        provider.region(),
                        provider.awsAccessKeyId(),
                        provider.awsSecretAccessKey());
        return clients.computeIfAbsent(key, k -> build(provider));
    }

    private Clients build(ProviderConfig provider) {
        URI endpoint = null;
        if (provider.baseUrl() != null && !provider.baseUrl().isBlank()) {
            endpoint = URI.create(provider.baseUrl());
        }
        if (provider.tenantOwned() && provider.awsAccessKeyId() == null) {
            // Never the platform's environment credentials for a tenant's provider (refused at creation too).
            throw UpstreamFailure.badResponse("a tenant Bedrock provider has no AWS credentials of its own");
        }
        AwsCredentialsProvider credentials = provider.awsAccessKeyId() != null
                ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(provider.awsAccessKeyId(), provider.awsSecretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
        Region region = Region.of(provider.region() == null ? "us-east-1" : provider.region());
        BedrockRuntimeClientBuilder sync = BedrockRuntimeClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(connectTimeout)
                        .socketTimeout(Duration.ofMinutes(5))
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        BedrockRuntimeAsyncClientBuilder async = BedrockRuntimeAsyncClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(NettyNioAsyncHttpClient.builder()
                        .connectionTimeout(connectTimeout)
                        .readTimeout(Duration.ofMinutes(5))
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (endpoint != null) {
            sync.endpointOverride(endpoint);
            async.endpointOverride(endpoint);
        }
        return new Clients(sync.build(), async.build());
    }

    static UpstreamFailure classify(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof UpstreamFailure failure) {
            return failure;
        }
        if (t instanceof AwsServiceException aws) {
            int status = aws.statusCode();
            String code =
                    aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
            String message =
                    aws.awsErrorDetails() == null || aws.awsErrorDetails().errorMessage() == null
                            ? "Bedrock answered HTTP " + status
                            : aws.awsErrorDetails().errorMessage();
            Map<String, Object> details = new HashMap<>();
            details.put("message", message);
            details.put("code", code);
            JsonMapper mapper = JsonMapper.builder().build();
            ObjectNode body = mapper.createObjectNode();
            body.set("error", mapper.valueToTree(details));
            return UpstreamFailure.status(status == 0 ? 502 : status, null, body, message);
        }
        if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
            return UpstreamFailure.timeout("Bedrock did not answer in time");
        }
        return UpstreamFailure.connection(
                "Bedrock call failed: " + (t == null ? "unknown" : t.getClass().getSimpleName()), t);
    }

    @Override
    public void close() {
        clients.values().forEach(c -> {
            c.sync.close();
            c.async.close();
        });
        clients.clear();
    }

    private record Clients(BedrockRuntimeClient sync, BedrockRuntimeAsyncClient async) {}

    /** ConverseStream events turned into OpenAI chunks, handed to the reading thread through a queue. */
    private final class BedrockStream implements ChatStream {

        private static final Object END = new Object();

        private final String model;
        private final CallTimeouts timeouts;
        private final String id = "chatcmpl-" + UUID.randomUUID();
        private final long created = System.currentTimeMillis() / 1000;
        private final CompletableFuture<Void> accepted = new CompletableFuture<>();
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private final Map<Integer, Integer> toolIndexByBlock = new ConcurrentHashMap<>();
        private CompletableFuture<Void> call;
        private boolean first = true;
        private boolean done;

        BedrockStream(String model, CallTimeouts timeouts) {
            this.model = model;
            this.timeouts = timeouts;
        }

        ConverseStreamResponseHandler handler() {
            ConverseStreamResponseHandler.Visitor visitor = ConverseStreamResponseHandler.Visitor.builder()
                    .onMessageStart(this::onMessageStart)
                    .onContentBlockStart(this::onContentBlockStart)
                    .onContentBlockDelta(this::onContentBlockDelta)
                    .onMessageStop(this::onMessageStop)
                    .onMetadata(this::onMetadata)
                    .build();
            return ConverseStreamResponseHandler.builder()
                    .onResponse(r -> accepted.complete(null))
                    .onError(e -> {
                        accepted.completeExceptionally(e);
                        queue.add(e);
                    })
                    .onComplete(() -> queue.add(END))
                    .subscriber(visitor)
                    .build();
        }

        void attach(CompletableFuture<Void> call) {
            this.call = call;
            call.whenComplete((v, e) -> {
                if (e != null) {
                    accepted.completeExceptionally(e);
                    queue.add(e);
                }
            });
        }

        void awaitAccepted() {
            try {
                accepted.get(timeouts.firstByte().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                close();
                throw UpstreamFailure.timeout("Bedrock did not accept the stream within " + timeouts.firstByte());
            } catch (ExecutionException e) {
                throw classify(e.getCause());
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw UpstreamFailure.connection("interrupted", e);
            }
        }

        private ObjectNode chunk() {
            ObjectNode chunk = json.createObjectNode();
            chunk.put("id", id);
            chunk.put("object", "chat.completion.chunk");
            chunk.put("created", created);
            chunk.put("model", model);
            return chunk;
        }

        private ObjectNode choiceChunk(ObjectNode delta, String finishReason) {
            ObjectNode chunk = chunk();
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            choice.set("delta", delta);
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            return chunk;
        }

        private void emit(ObjectNode chunk) {
            queue.add(json.writeValueAsString(chunk));
        }

        private void onMessageStart(MessageStartEvent e) {
            ObjectNode delta = json.createObjectNode();
            delta.put("role", "assistant");
            delta.put("content", "");
            emit(choiceChunk(delta, null));
        }

        private void onContentBlockStart(ContentBlockStartEvent e) {
            if (e.start() == null || e.start().toolUse() == null) {
                return;
            }
            int toolIndex = toolIndexByBlock.size();
            toolIndexByBlock.put(e.contentBlockIndex(), toolIndex);
            ObjectNode delta = json.createObjectNode();
            ObjectNode call = delta.putArray("tool_calls").addObject();
            call.put("index", toolIndex);
            call.put("id", e.start().toolUse().toolUseId());
            call.put("type", "function");
            ObjectNode fn = call.putObject("function");
            fn.put("name", e.start().toolUse().name());
            fn.put("arguments", "");
            emit(choiceChunk(delta, null));
        }

        private void onContentBlockDelta(ContentBlockDeltaEvent e) {
            if (e.delta() == null) {
                return;
            }
            ObjectNode delta = json.createObjectNode();
            if (e.delta().text() != null) {
                delta.put("content", e.delta().text());
            } else if (e.delta().toolUse() != null) {
                Integer toolIndex = toolIndexByBlock.get(e.contentBlockIndex());
                ObjectNode call = delta.putArray("tool_calls").addObject();
                call.put("index", toolIndex == null ? 0 : toolIndex);
                call.putObject("function").put("arguments", e.delta().toolUse().input());
            } else {
                return;
            }
            emit(choiceChunk(delta, null));
        }

        private void onMessageStop(MessageStopEvent e) {
            emit(choiceChunk(json.createObjectNode(), BedrockTranslation.finishReason(e.stopReason())));
        }

        private void onMetadata(ConverseStreamMetadataEvent e) {
            if (e.usage() == null) {
                return;
            }
            ObjectNode chunk = chunk();
            chunk.putArray("choices");
            chunk.set("usage", translation.usage(e.usage()));
            emit(chunk);
        }

        @Override
        public String next() {
            if (done) {
                return null;
            }
            Duration wait = first ? timeouts.firstByte() : timeouts.streamIdle();
            Object item;
            try {
                item = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw UpstreamFailure.connection("interrupted", e);
            }
            if (item == null) {
                close();
                throw UpstreamFailure.timeout("no streamed event from Bedrock within " + wait);
            }
            if (item == END) {
                done = true;
                return null;
            }
            if (item instanceof Throwable error) {
                done = true;
                throw classify(error);
            }
            first = false;
            return (String) item;
        }

        @Override
        public void close() {
            if (call != null && !call.isDone()) {
                call.cancel(true);
            }
        }
    }
}
