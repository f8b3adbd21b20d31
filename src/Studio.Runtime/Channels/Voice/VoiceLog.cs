using Microsoft.Extensions.Logging;

namespace Studio.Runtime.Channels.Voice;

/// <summary>
/// Every log line of the voice channel. Numbers only ever appear masked (138****1234); free text from the
/// gateway goes through <see cref="Jambonz.JambonzMessage.SafeForLog"/> first.
/// </summary>
internal static partial class VoiceLog
{
    [LoggerMessage(1, LogLevel.Information, "Voice call {CallSid} started: script {ScriptId}, member {MemberId}, campaign {Campaign}, {Direction} from {From} to {To}")]
    public static partial void CallStarted(this ILogger logger, string callSid, string? scriptId, string? memberId, string? campaign, string direction, string from, string to);

    [LoggerMessage(2, LogLevel.Information, "Voice call {CallSid}: input after the end ({Outcome}) ignored")]
    public static partial void InputAfterEnd(this ILogger logger, string callSid, string? outcome);

    [LoggerMessage(3, LogLevel.Information, "Voice call {CallSid} ended by the line: {Outcome}")]
    public static partial void EndedByLine(this ILogger logger, string callSid, string outcome);

    [LoggerMessage(4, LogLevel.Error, "Voice call {CallSid}: the conversation host failed to record the end ({Outcome})")]
    public static partial void EndFailed(this ILogger logger, Exception exception, string callSid, string outcome);

    [LoggerMessage(5, LogLevel.Error, "Voice call {CallSid}: the conversation host took longer than {Timeout} for turn {Turn} ({What}); hanging up")]
    public static partial void HostTimeout(this ILogger logger, string callSid, TimeSpan timeout, int turn, string what);

    [LoggerMessage(6, LogLevel.Error, "Voice call {CallSid}: the conversation host failed on turn {Turn} ({What}); hanging up")]
    public static partial void HostFailed(this ILogger logger, Exception exception, string callSid, int turn, string what);

    [LoggerMessage(7, LogLevel.Information, "Voice call {CallSid}: the script ended the conversation at {Node} with {Outcome}")]
    public static partial void ScriptEnded(this ILogger logger, string callSid, string? node, string? outcome);

    [LoggerMessage(20, LogLevel.Warning, "jambonz connection {Connection}: message larger than {Max} bytes; closing")]
    public static partial void MessageTooBig(this ILogger logger, int connection, int max);

    [LoggerMessage(21, LogLevel.Warning, "jambonz connection {Connection}: a message that is not a jambonz JSON message ({Bytes} bytes) was ignored")]
    public static partial void NotJambonz(this ILogger logger, int connection, int bytes);

    [LoggerMessage(22, LogLevel.Information, "jambonz connection {Connection} lost: {Reason}")]
    public static partial void ConnectionLost(this ILogger logger, int connection, string reason);

    [LoggerMessage(23, LogLevel.Information, "jambonz connection {Connection}: send failed ({Reason})")]
    public static partial void SendFailed(this ILogger logger, int connection, string reason);

    [LoggerMessage(24, LogLevel.Debug, "jambonz connection {Connection} {What}")]
    public static partial void ConnectionEvent(this ILogger logger, int connection, string what);

    [LoggerMessage(30, LogLevel.Warning, "jambonz reported an error on call {CallSid}: {Error} (verb {Verb})")]
    public static partial void JambonzError(this ILogger logger, string? callSid, string error, string? verb);

    [LoggerMessage(31, LogLevel.Debug, "jambonz verb status on call {CallSid}: {Verb} {Status}")]
    public static partial void VerbStatus(this ILogger logger, string? callSid, string? verb, string? status);

    [LoggerMessage(32, LogLevel.Debug, "jambonz message {Type} on call {CallSid} ignored")]
    public static partial void MessageIgnored(this ILogger logger, string type, string? callSid);

    [LoggerMessage(33, LogLevel.Warning, "jambonz {Type} without call_sid or msgid ignored")]
    public static partial void MissingIds(this ILogger logger, string type);

    [LoggerMessage(34, LogLevel.Warning, "jambonz {Type} for call {CallSid}, which is already running: acknowledged without verbs")]
    public static partial void DuplicateSession(this ILogger logger, string type, string callSid);

    [LoggerMessage(35, LogLevel.Warning, "jambonz verb:hook for unknown call {CallSid}: hanging up")]
    public static partial void HookForUnknownCall(this ILogger logger, string? callSid);

    [LoggerMessage(36, LogLevel.Information, "jambonz hook {Hook} on call {CallSid} without a gather result: acknowledged")]
    public static partial void HookWithoutResult(this ILogger logger, string? hook, string callSid);

    [LoggerMessage(37, LogLevel.Warning, "jambonz gather error on call {CallSid}: {Error}; taken as no input")]
    public static partial void GatherError(this ILogger logger, string callSid, string error);

    [LoggerMessage(38, LogLevel.Information, "Voice call {CallSid}: transfer ended with {Status}")]
    public static partial void TransferEnded(this ILogger logger, string callSid, string? status);

    [LoggerMessage(39, LogLevel.Debug, "Voice call {CallSid}: status {Status}")]
    public static partial void CallStatus(this ILogger logger, string? callSid, string? status);

    [LoggerMessage(40, LogLevel.Information, "Voice call {CallSid}: the line reported {Status} before the script ended")]
    public static partial void LineEndedFirst(this ILogger logger, string callSid, string? status);

    [LoggerMessage(41, LogLevel.Information, "Voice call {CallSid} reconnected ({What})")]
    public static partial void Reconnected(this ILogger logger, string callSid, string what);

    [LoggerMessage(42, LogLevel.Error, "Voice call {CallSid}: the conversation host failed to resume the call")]
    public static partial void ResumeFailed(this ILogger logger, Exception exception, string callSid);

    [LoggerMessage(43, LogLevel.Information, "Voice call {CallSid} resumed from the conversation host after a reconnect")]
    public static partial void Resumed(this ILogger logger, string callSid);

    [LoggerMessage(44, LogLevel.Warning, "Voice call {CallSid} reconnected but no conversation is known for it: hanging up")]
    public static partial void ReconnectUnknown(this ILogger logger, string callSid);

    [LoggerMessage(45, LogLevel.Warning, "Voice call {CallSid}: the gateway connection dropped mid-call and did not come back")]
    public static partial void Dropped(this ILogger logger, string callSid);

    [LoggerMessage(46, LogLevel.Warning, "Voice call {CallSid}: no transfer target is configured for queue '{Queue}' (Voice:TransferTargets); the transfer is skipped")]
    public static partial void NoTransferTarget(this ILogger logger, string callSid, string queue);

    [LoggerMessage(50, LogLevel.Warning, "jambonz endpoint {Path}: no credentials configured (Voice:Jambonz:Username/Password or Token): every connection will be refused")]
    public static partial void NoCredentials(this ILogger logger, string path);

    [LoggerMessage(51, LogLevel.Warning, "jambonz endpoint: connection refused: missing or wrong credentials")]
    public static partial void Unauthorized(this ILogger logger);

    [LoggerMessage(52, LogLevel.Warning, "jambonz endpoint: connection refused: subprotocol '{Requested}' instead of {Expected}")]
    public static partial void WrongSubprotocol(this ILogger logger, string requested, string expected);
}
