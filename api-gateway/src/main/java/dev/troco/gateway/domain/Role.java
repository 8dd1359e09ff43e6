package dev.troco.gateway.domain;

/** A person's role in a company (seed 001). */
public enum Role {
    /** Everything, including access control. */
    MODERATOR,
    /** Create payments and charges, edit information. */
    WRITE,
    /** Read only. */
    VIEW
}
