package dev.troco.gateway.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A merchant company, with a sandbox and a production environment. */
@Entity
@Table(name = "company")
public class Company extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public String[] products;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public Set<Product> purchased() {
        Set<Product> set = EnumSet.noneOf(Product.class);
        Arrays.stream(products).map(Product::valueOf).forEach(set::add);
        return set;
    }
}
