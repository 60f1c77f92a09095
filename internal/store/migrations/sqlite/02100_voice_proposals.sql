-- +goose Up
-- Voice proposals (issue 13 item 4): ideas put forward in an engagement
-- process, threaded comments, supports (one per person, enforced here),
-- flags (one per person per item), and accounts blocked from posting in a
-- partnership's processes. process_id names a voice_processes row; it
-- carries no foreign key so this range does not depend on the order in
-- which the consultation and proposal migrations were written.
CREATE TABLE voice_proposals (
    id              INTEGER PRIMARY KEY,
    process_id      INTEGER NOT NULL,
    partnership_id  INTEGER NOT NULL REFERENCES partnerships (id),
    author_id       INTEGER NOT NULL REFERENCES users (id),
    organisation_id INTEGER REFERENCES organisations (id),
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    area_code       TEXT NOT NULL,
    category        TEXT NOT NULL,
    answer_state    TEXT NOT NULL DEFAULT '',
    answer_text     TEXT NOT NULL DEFAULT '',
    answered_at     TEXT NOT NULL DEFAULT '',
    answered_by     INTEGER NOT NULL DEFAULT 0,
    hidden          INTEGER NOT NULL DEFAULT 0,
    hidden_reason   TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX voice_proposals_process ON voice_proposals (process_id, id);
CREATE INDEX voice_proposals_partnership ON voice_proposals (partnership_id, id);
CREATE INDEX voice_proposals_author ON voice_proposals (author_id);

CREATE TABLE voice_proposal_comments (
    id            INTEGER PRIMARY KEY,
    proposal_id   INTEGER NOT NULL REFERENCES voice_proposals (id),
    parent_id     INTEGER REFERENCES voice_proposal_comments (id),
    author_id     INTEGER NOT NULL REFERENCES users (id),
    body          TEXT NOT NULL,
    hidden        INTEGER NOT NULL DEFAULT 0,
    hidden_reason TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE INDEX voice_proposal_comments_proposal ON voice_proposal_comments (proposal_id, id);
CREATE INDEX voice_proposal_comments_author ON voice_proposal_comments (author_id);

-- One support per person per proposal: the primary key is the rule.
CREATE TABLE voice_proposal_supports (
    proposal_id INTEGER NOT NULL REFERENCES voice_proposals (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (proposal_id, user_id)
);
CREATE INDEX voice_proposal_supports_user ON voice_proposal_supports (user_id);

-- One flag per person per proposal or comment (comment_id 0: the proposal).
CREATE TABLE voice_proposal_flags (
    proposal_id INTEGER NOT NULL REFERENCES voice_proposals (id),
    comment_id  INTEGER NOT NULL DEFAULT 0,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    PRIMARY KEY (proposal_id, comment_id, user_id)
);
CREATE INDEX voice_proposal_flags_user ON voice_proposal_flags (user_id);

-- Accounts a partnership's moderators have blocked from posting.
CREATE TABLE voice_blocks (
    partnership_id INTEGER NOT NULL REFERENCES partnerships (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    reason         TEXT NOT NULL,
    blocked_by     INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (partnership_id, user_id)
);

-- +goose Down
DROP TABLE voice_blocks;
DROP TABLE voice_proposal_flags;
DROP TABLE voice_proposal_supports;
DROP TABLE voice_proposal_comments;
DROP TABLE voice_proposals;
