package org.tributary.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * Reads the heap of a running JVM (Tributary) over a local JMX connection obtained with the Attach API.
 * {@link #liveUsed()} forces a full GC first, so it measures what is retained, not garbage.
 */
final class HeapProbe implements AutoCloseable {
    private final VirtualMachine vm;
    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final List<MemoryPoolMXBean> heapPools;

    HeapProbe(long pid) throws Exception {
        vm = VirtualMachine.attach(Long.toString(pid));
        String address = vm.startLocalManagementAgent();
        connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        MBeanServerConnection c = connector.getMBeanServerConnection();
        memory = ManagementFactory.newPlatformMXBeanProxy(c, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        heapPools = c.queryNames(new ObjectName(ManagementFactory.MEMORY_POOL_MXBEAN_DOMAIN_TYPE + ",*"), null).stream()
                .map(n -> {
                    try {
                        return ManagementFactory.newPlatformMXBeanProxy(c, n.toString(), MemoryPoolMXBean.class);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    long used() { return memory.getHeapMemoryUsage().getUsed(); }

    long committed() { return memory.getHeapMemoryUsage().getCommitted(); }

    long max() { return memory.getHeapMemoryUsage().getMax(); }

    /** Heap used right after a full GC. */
    long liveUsed() {
        memory.gc();
        return used();
    }

    void resetPeaks() { heapPools.forEach(MemoryPoolMXBean::resetPeakUsage); }

    /** Sum of the heap pools' peak usage since {@link #resetPeaks()} (garbage included; an upper bound). */
    long peakUsed() { return heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum(); }

    @Override
    public void close() {
        try { connector.close(); } catch (Exception ignored) { }
        try { vm.detach(); } catch (Exception ignored) { }
    }
}
