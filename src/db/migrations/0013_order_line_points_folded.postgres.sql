UPDATE order_points p SET line_points = COALESCE((
  SELECT string_agg(CAST(l.points AS TEXT), ',' ORDER BY l.line_no) FROM order_line_points l
  WHERE l.customer_id = p.customer_id AND l.order_id = p.order_id), '');
DROP TABLE order_line_points;
