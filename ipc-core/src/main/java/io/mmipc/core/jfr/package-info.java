/**
 * JDK Flight Recorder events (disabled by default; free when no recording enables them): parks,
 * back-pressure, slow-consumer episodes, recoveries and takeovers, to see mmipc's behaviour in JDK Mission Control beside
 * GC pauses. Enable them by name when recording, e.g.
 * {@code MMIPC_JAVA_OPTS='-XX:StartFlightRecording:filename=run.jfr,+io.mmipc.Park#enabled=true,+io.mmipc.Recovery#enabled=true'}
 * (also {@code io.mmipc.BackPressure}, {@code io.mmipc.SlowConsumer}, whose threshold of 500 ms a
 * recording may change with {@code +io.mmipc.SlowConsumer#threshold=50ms}, and {@code io.mmipc.Takeover}).
 */
package io.mmipc.core.jfr;
