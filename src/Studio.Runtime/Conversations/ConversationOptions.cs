namespace Studio.Runtime.Conversations;

/// <summary>Settings of the conversation host (configuration section <c>Studio:Conversations</c>).</summary>
public sealed class ConversationOptions
{
    public const string Section = "Studio:Conversations";

    /// <summary>
    /// The length of one "minute" of a script's WeCom follow-up delays (settings.wecom.followUpDelaysMinutes).
    /// One minute in production; tests shorten it to see follow-ups fire.
    /// </summary>
    public TimeSpan FollowUpMinute { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The reminder period of a follow-up and of a scheduled call-back: a tick that was missed (the host was down or
    /// busy at the due time) comes again this much later instead of a day later. Not below Orleans' minimum reminder period (1 minute by default).
    /// </summary>
    public TimeSpan FollowUpRetryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The script a WeCom member who writes without a running conversation gets (its id); none: no answer.</summary>
    public string? WecomDefaultScript { get; set; }

    /// <summary>Scripts started by add_external_contact per contact-way <c>state</c> value (e.g. "store-gift" → "store-gift-pickup").</summary>
    public Dictionary<string, string> WecomStateScripts { get; set; } = [];

    /// <summary>The script an inbound call runs when its customerData names none.</summary>
    public string? VoiceDefaultScript { get; set; }
}
