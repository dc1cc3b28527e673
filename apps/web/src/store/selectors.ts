import type { AppState } from "./types";

/**
 * Every selector the components use, defined once. Each returns a value already held in
 * the state (never a new object), so a component re-renders only when that value changes.
 */
export const selectScreen = (s: AppState) => s.screen;
export const selectJoinActions = (s: AppState) => s.joinActions;
export const selectFeedActions = (s: AppState) => s.feedActions;
export const selectComposerActions = (s: AppState) => s.composerActions;
export const selectModerationActions = (s: AppState) => s.moderationActions;
export const selectPreferenceActions = (s: AppState) => s.preferenceActions;
export const selectJoiningForm = (s: AppState) => s.joiningForm;
export const selectPhase = (s: AppState) => s.phase;
export const selectFormError = (s: AppState) => s.formError;
export const selectCreateForm = (s: AppState) => s.createForm;
export const selectJoinForm = (s: AppState) => s.joinForm;
export const selectInviteSeq = (s: AppState) => s.inviteSeq;
export const selectRoom = (s: AppState) => s.room;
export const selectMembers = (s: AppState) => s.members;
export const selectOwnerId = (s: AppState) => s.ownerId;
export const selectLocked = (s: AppState) => s.locked;
export const selectMessages = (s: AppState) => s.messages;
export const selectTyping = (s: AppState) => s.typing;
export const selectConnection = (s: AppState) => s.connection;
export const selectReconnectingSince = (s: AppState) => s.reconnectingSince;
export const selectSendError = (s: AppState) => s.sendError;
export const selectEnded = (s: AppState) => s.ended;
export const selectDraft = (s: AppState) => s.draft;
export const selectPreview = (s: AppState) => s.preview;
export const selectComposerFocus = (s: AppState) => s.composerFocus;
export const selectPending = (s: AppState) => s.pending;
export const selectIsOwner = (s: AppState) => s.room !== null && s.room.youId === s.ownerId;
export const selectTheme = (s: AppState) => s.theme;
export const selectSound = (s: AppState) => s.sound;
export const selectMembersOpen = (s: AppState) => s.membersOpen;
export const selectInviteOpen = (s: AppState) => s.inviteOpen;
export const selectMemberKeys = (s: AppState) => s.memberKeys;
export const selectInvitePassword = (s: AppState) => s.invitePassword;
export const selectMemberCount = (s: AppState) => s.members.length;

export const selectOneTimeLink = (s: AppState) => s.oneTimeLink;
export const selectRedeemingInvite = (s: AppState) => s.redeemingInvite;
export const selectInviteActions = (s: AppState) => s.inviteActions;
export const selectAttachments = (s: AppState) => s.attachments;
export const selectTransfers = (s: AppState) => s.transfers;
export const selectViewer = (s: AppState) => s.viewer;
export const selectFilesActions = (s: AppState) => s.filesActions;
export const selectSession = (s: AppState) => s.session;
