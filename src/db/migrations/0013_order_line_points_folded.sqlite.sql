-- The lines in line_no order: SQLite 3.40's group_concat takes no ORDER BY of its own, but
-- aggregates an ordered subquery in its order.
UPDATE order_points SET line_points = COALESCE((
  SELECT group_concat(points, ',') FROM (
    SELECT l.points FROM order_line_points l
    WHERE l.customer_id = order_points.customer_id AND l.order_id = order_points.order_id
    ORDER BY l.line_no)), '');
DROP TABLE order_line_points;
