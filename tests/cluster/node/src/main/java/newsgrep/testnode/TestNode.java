package newsgrep.testnode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node on 127.0.0.1, security off, its modules taken from the classpath
 * (as the server's own test framework does, without its randomized-testing runner).
 * Arguments: HOME_DIR HTTP_PORT [--until-stdin-ends]. Prints "started" once the node is
 * up, and runs until killed (Ctrl-C), or with the flag until its standard input ends.
 */
public final class TestNode extends Node {
    private TestNode(Settings settings) {
        // Node's constructor for classpath plugins is protected: hence the subclass.
        super(InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "newsgrep-test-node"),
              List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, ReindexPlugin.class), true);
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "newsgrep-test")
            .put("node.name", "newsgrep-test-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", args[1])
            .put("transport.port", "0")
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .put("discovery.type", "single-node")
            // A test machine's disk may be nearly full: never turn indexes read-only for it.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
        LogConfigurator.configureWithoutConfig(settings);
        Node node = new TestNode(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                // exiting anyway
            }
        }));
        node.start();
        if (args.length > 2 && args[2].equals("--until-stdin-ends")) {
            untilStdinEnds();
        }
        System.out.println("started");
        System.out.flush();
        Thread.currentThread().join();
    }

    /** The test session holds our stdin: when it ends, even killed, so does the node. */
    private static void untilStdinEnds() {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is sent; wait for the end
                }
            } catch (java.io.IOException e) {
                // the pipe is gone: same as its end
            }
            System.exit(0);
        }, "newsgrep-stdin-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
