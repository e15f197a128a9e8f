/**
 * mmipc: inter-process communication over memory-mapped files. The API is {@link io.mmipc}
 * (channels, mailboxes, inboxes, their options and wait strategies) and {@link io.mmipc.exceptions};
 * the packages under {@code io.mmipc.core} are the implementation (the file layouts, the ring, the
 * semaphores, recovery, liveness, signals) and are not exported. mmipc's own command-line tools run
 * on the class path, where module boundaries do not apply.
 *
 * <p>On the module path the JVM needs {@code --add-exports=java.base/jdk.internal.misc=org.agrona}
 * (Agrona's memory access) and {@code --enable-native-access=io.mmipc} (the futex and kill calls);
 * opening a channel or mailbox without them fails with one message naming them.
 */
module io.mmipc
{
    requires transitive org.agrona; // DirectBuffer and UnsafeBuffer appear in the API
    requires jdk.unsupported;       // sun.misc.Signal: SIGTERM/SIGINT/SIGUSR1 handlers
    requires jdk.jfr;               // the flight recorder events, disabled unless recorded

    exports io.mmipc;
    exports io.mmipc.exceptions;
}
