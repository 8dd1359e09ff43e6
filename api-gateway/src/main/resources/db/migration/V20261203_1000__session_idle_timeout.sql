-- Sessions end after a time without use (troco.gateway.session-idle-timeout), not only at their absolute expiry.
ALTER TABLE user_session ADD COLUMN last_seen_at TIMESTAMPTZ;
CREATE INDEX user_session_expires_at ON user_session (expires_at);
CREATE INDEX user_session_user_id ON user_session (user_id);
