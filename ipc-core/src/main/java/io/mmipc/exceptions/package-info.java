/**
 * The exceptions mmipc's API throws, each a {@link io.mmipc.exceptions.MmipcException} (unchecked)
 * whose message names the file and says what to do, and whose {@link io.mmipc.exceptions.MmipcException#exitCode()}
 * is the exit code the daemons use for it: a bad or foreign file ({@link io.mmipc.exceptions.ChannelFileException},
 * {@link io.mmipc.exceptions.MailboxFileException}, {@link io.mmipc.exceptions.ChannelCorruptedException}), a role
 * held by another live process or lost to one ({@link io.mmipc.exceptions.RoleTakenException},
 * {@link io.mmipc.exceptions.RoleLostException}, {@link io.mmipc.exceptions.RecoveryTimeoutException}), a message
 * too large ({@link io.mmipc.exceptions.RecordTooLargeException}), and a mailbox destroyed or busy
 * ({@link io.mmipc.exceptions.MailboxDestroyedException}, {@link io.mmipc.exceptions.MailboxBusyException}).
 */
package io.mmipc.exceptions;
