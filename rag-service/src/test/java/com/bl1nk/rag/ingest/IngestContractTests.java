package com.bl1nk.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.stream.StreamMessage;
import com.bl1nk.contracts.examples.ContractExamples;
import com.bl1nk.contracts.ingest.DocumentIngestRequested;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ingest worker reads {@code bl1nk:ingest} messages as the forwarder writes them and the example shows. */
class IngestContractTests {

    @Test
    void whatTheForwarderWritesTheWorkerDecodesUnchanged() {
        DocumentIngestRequested example =
                IngestForwarder.INGEST.decodePayload(ContractExamples.json(DocumentIngestRequested.class));
        StreamMessage message = StreamMessage.from(
                IngestForwarder.INGEST.stream(),
                "1-0",
                IngestForwarder.INGEST.encode(UUID.randomUUID(), UUID.randomUUID(), example, Instant.now()),
                1);

        assertThat(message.stream()).isEqualTo("bl1nk:ingest");
        assertThat(IngestForwarder.INGEST.matches(message)).isTrue();
        assertThat(IngestForwarder.INGEST.decode(message)).isEqualTo(example);
        assertThat(example.version()).isEqualTo(2);
    }
}
