package dev.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

@RedisClusterTest
class RedisClusterProcessesTest {

    @Test
    void threeMastersFormAClusterThatAnswers(RedisClusterProcesses cluster) {
        assertThat(cluster.nodes()).hasSize(3);
        for (RedisServerProcess node : cluster.nodes()) {
            assertThat(node.port()).isNotEqualTo(6379);
            String info = (String) node.call("CLUSTER", "INFO");
            assertThat(info).contains("cluster_state:ok", "cluster_known_nodes:3", "cluster_size:3");
        }
        assertThat((List<?>) cluster.nodes().get(0).call("CLUSTER", "SLOTS")).hasSize(3);
        assertThat(cluster.url()).isEqualTo(cluster.nodes().get(0).url() + "," + cluster.nodes().get(1).url() + ","
                + cluster.nodes().get(2).url());
    }

    @Test
    void aKeyLivesOnTheNodeOwningItsSlotAndTheOthersRedirect(RedisClusterProcesses cluster) {
        // "a" hashes to slot 15495: the third node's range (10923..16383).
        assertThat(cluster.nodes().get(0).call("CLUSTER", "KEYSLOT", "a")).isEqualTo(15495L);
        assertThat(cluster.nodes().get(2).call("SET", "a", "1")).isEqualTo("OK");
        assertThatThrownBy(() -> cluster.nodes().get(0).call("GET", "a")).hasMessageContaining("MOVED 15495");
    }
}
