namespace Studio.Runtime.Channels.Voice;

/// <summary>Gateway-neutral settings of the voice channel (configuration section <c>Voice</c>).</summary>
public sealed class VoiceOptions
{
    public const string Section = "Voice";

    /// <summary>
    /// Longest the conversation host may take for one turn. jambonz hangs up when a session:new is not acked
    /// within 5 s, so this stays well below; a slower turn is answered with <see cref="FailureText"/> and a hang-up.
    /// </summary>
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Said before hanging up when the host fails or times out (an empty text hangs up silently).</summary>
    public string FailureText { get; set; } = "抱歉,系统暂时繁忙,我们稍后再联系您,再见。";

    /// <summary>Said before hanging up when a transfer to a human could not be connected.</summary>
    public string TransferFailedText { get; set; } = "抱歉,顾问暂时无法接听,稍后会有专人联系您,再见。";

    /// <summary>
    /// How long a call whose gateway connection dropped waits for the gateway to reconnect before the
    /// conversation ends with outcome <c>dropped</c>.
    /// </summary>
    public TimeSpan ReconnectGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Transfer targets per agent queue (the transfer action's <c>queue</c>).</summary>
    public Dictionary<string, VoiceTransferTarget> TransferTargets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Target of transfers whose queue has no entry in <see cref="TransferTargets"/> (none when null).</summary>
    public VoiceTransferTarget? DefaultTransferTarget { get; set; }

    /// <summary>How long a transfer rings before it counts as not answered.</summary>
    public int TransferTimeoutSeconds { get; set; } = 30;

    public VoiceTransferTarget? ResolveTransfer(string? queue) =>
        queue is not null && TransferTargets.TryGetValue(queue, out var target) ? target : DefaultTransferTarget;
}
