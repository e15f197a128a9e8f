/**
 * {@code scripts/bench}: one workload over mmipc and its peers, each in two fresh JVMs per run.
 * <p>
 * {@link io.mmipc.bench.BenchMain} runs the rounds (in a seeded shuffled order,
 * {@link io.mmipc.bench.RoundOrder}; sized by {@link io.mmipc.bench.RunSizer}) and
 * {@link io.mmipc.bench.Report} prints the table and the {@link io.mmipc.bench.Targets}.
 * {@link io.mmipc.bench.Peer} is one side of one run: mmipc and Agrona there,
 * {@link io.mmipc.bench.StreamPeer} for the pipe and the sockets, {@link io.mmipc.bench.AeronPeer},
 * {@link io.mmipc.bench.ChroniclePeer}; each receiver checks every record through a
 * {@link io.mmipc.bench.Receipt}, and the bench checks the receipt against the seed
 * ({@link io.mmipc.bench.Verification}). The machine block comes from
 * {@link io.mmipc.bench.Machine}, {@link io.mmipc.bench.Memcpy}, {@link io.mmipc.bench.Handoff} and
 * {@link io.mmipc.bench.Hiccups}.
 * <p>
 * {@code --bridge}: {@link io.mmipc.bench.BridgeBench} runs the bridge ({@link io.mmipc.bench.BridgeRun},
 * the tools' own scripts) beside the TCP peer over one veth pair between two network namespaces
 * ({@link io.mmipc.bench.VethPair}); the peers go there through {@link io.mmipc.bench.Launcher.Hosts}.
 */
package io.mmipc.bench;
