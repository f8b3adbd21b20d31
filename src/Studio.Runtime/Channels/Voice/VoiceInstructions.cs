namespace Studio.Runtime.Channels.Voice;

// The gateway-neutral voice interface: what the bot does on a call (instructions) and what the caller did
// (inputs). A gateway adapter translates these to and from its wire protocol: jambonz verbs today;
// FreeSWITCH (mod_audio_fork / ESL + MRCP), Asterisk AudioSocket or Twilio ConversationRelay later.

/// <summary>Something the gateway must do on the call, in order.</summary>
public abstract record VoiceInstruction;

/// <summary>Speak a statement (TTS). A statement is never interruptible: openings and disclosures are heard whole.</summary>
public sealed record SpeakInstruction(string Text) : VoiceInstruction;

/// <summary>
/// Speak the question (if any), then listen for speech or keys. No input within <paramref name="TimeoutSeconds"/>
/// after the prompt is a no-input. With <paramref name="BargeIn"/> the caller may interrupt the prompt by
/// speaking or pressing a key; without it the gateway does not listen until the prompt has been played.
/// </summary>
public sealed record ListenInstruction(string? Prompt, int TimeoutSeconds, bool BargeIn) : VoiceInstruction;

/// <summary>Bridge the caller to a human (an agent queue). <paramref name="Target"/> is null when none is configured.</summary>
public sealed record TransferInstruction(string Queue, VoiceTransferTarget? Target) : VoiceInstruction;

/// <summary>End the call.</summary>
public sealed record HangUpInstruction : VoiceInstruction;

/// <summary>Where a transfer goes: a SIP URI, a phone number (through a carrier trunk) or a registered user.</summary>
public sealed class VoiceTransferTarget
{
    /// <summary>sip, phone or user.</summary>
    public string Type { get; set; } = "sip";

    /// <summary>For type sip: sip:agents@pbx.example.cn.</summary>
    public string? SipUri { get; set; }

    /// <summary>For type phone: the number to dial (E.164); for type user: the user name.</summary>
    public string? Number { get; set; }

    /// <summary>For type user: the registered user (agent@tenant.sip.example.cn).</summary>
    public string? Name { get; set; }

    /// <summary>For type phone: the carrier trunk to use (optional).</summary>
    public string? Trunk { get; set; }
}

/// <summary>What the caller did in answer to a <see cref="ListenInstruction"/>.</summary>
public abstract record VoiceInput;

/// <summary>
/// Recognised speech with its ASR confidence (0–1, null when the recogniser gave none). <paramref name="LowConfidence"/>
/// marks a result the recogniser itself flagged as unreliable.
/// </summary>
public sealed record SpeechInput(string Transcript, double? Confidence, bool LowConfidence = false) : VoiceInput;

/// <summary>Keys pressed (DTMF).</summary>
public sealed record DigitsInput(string Digits) : VoiceInput;

/// <summary>Nothing usable: silence until the timeout, an empty result or a recogniser error (<paramref name="Reason"/>).</summary>
public sealed record NoInput(string Reason) : VoiceInput;
